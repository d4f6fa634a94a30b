import { describeWorkerBasics } from '../../../test/worker-basics';

describeWorkerBasics('hook', '/v1/hooks');
