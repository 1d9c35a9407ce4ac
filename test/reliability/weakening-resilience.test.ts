import { pick, STORAGE, weakeningTests } from './weakening-kit';
import { DATA_ROWS } from './weakening-rows-data';

describe('weakening the backup, mapping and compliance-pack claims is caught', () => {
  weakeningTests(pick(DATA_ROWS, (row) => row.baseline !== STORAGE));
});
