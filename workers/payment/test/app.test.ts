import { describeWorkerBasics } from '../../../test/worker-basics';

describeWorkerBasics('payment', '/v1/payments');
