import { describeRows } from './describe-rows';
import { WRONG_PLACE_ROWS } from './rows-wrong-place';

describeRows('issue 20 item 3, things from the wrong place: unknown regions, regional resources of another region', WRONG_PLACE_ROWS);
