import { rowTitle } from './kit';
import { TABLES } from './tables';

describe('the bad-input catalogue, by class', () => {
  test('every class has rows, the catalogue holds at least 150, and no title is repeated across classes', () => {
    // GIVEN
    const rows = Object.values(TABLES).flat();

    // THEN
    expect(Object.entries(TABLES).filter(([, r]) => r.length === 0).map(([c]) => c)).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(150);
    const titles = rows.map(rowTitle);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });
});
