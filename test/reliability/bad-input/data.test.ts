import { describeRows } from './describe-rows';
import { DATA_ROWS } from './rows-data';

describeRows('bad input (data): refused with DataProtectionError naming where, the value and what is allowed; nothing left behind', DATA_ROWS);
