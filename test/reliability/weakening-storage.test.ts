import { pick, STORAGE, weakeningTests } from './weakening-kit';
import { DATA_ROWS } from './weakening-rows-data';

describe('weakening the storage, log and register claims is caught', () => {
  weakeningTests(pick(DATA_ROWS, (row) => row.baseline === STORAGE));
});
