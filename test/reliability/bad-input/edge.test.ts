import { describeRows } from './describe-rows';
import { EDGE_ROWS } from './rows-edge';

describeRows('bad input (edge): refused with DataProtectionError naming where, the value and what is allowed; nothing left behind', EDGE_ROWS);
