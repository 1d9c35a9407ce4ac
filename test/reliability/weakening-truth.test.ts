import { weakeningTests } from './weakening-kit';
import { TRUTH_ROWS } from './weakening-rows-truth';

describe('weakening the claims issue 19 made truthful, through escape hatches, is caught', () => {
  weakeningTests(TRUTH_ROWS);
});
