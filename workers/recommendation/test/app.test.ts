import { describeWorkerBasics } from '../../../test/worker-basics';

describeWorkerBasics('recommendation', '/v1/recommendations');
