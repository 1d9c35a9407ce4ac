import { describeRows } from './describe-rows';
import { POLICY_ROWS } from './rows-policy';

describeRows('bad input (policy): refused with DataProtectionError naming where, the value and what is allowed; nothing left behind', POLICY_ROWS);
