import { weakeningTests } from './weakening-kit';
import { ACCESS_ROWS } from './weakening-rows-access';

describe('weakening the identity, perimeter and detection claims is caught', () => {
  weakeningTests(ACCESS_ROWS);
});
