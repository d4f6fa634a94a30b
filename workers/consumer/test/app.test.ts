import { describeWorkerBasics } from '../../../test/worker-basics';

describeWorkerBasics('consumer', '/v1/consumer');
