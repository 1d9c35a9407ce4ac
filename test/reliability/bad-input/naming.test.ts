import { describeRows } from './describe-rows';
import { NAMING_ROWS } from './rows-naming';

describeRows('issue 20 item 5, errors that name the mistake: missing props, strings for classes, our constructs for plain ones, NaN', NAMING_ROWS);
