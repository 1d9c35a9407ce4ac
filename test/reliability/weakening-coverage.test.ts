import { rowsOf } from './weakening-kit';
import { ACCESS_ROWS } from './weakening-rows-access';
import { DATA_ROWS } from './weakening-rows-data';
import { CATALOG } from '../../lib/evidence/catalog';

/** Claims a template can prove that have no weakening row yet, with the reason. Keep it empty. */
const PENDING: Record<string, string> = {};

/**
 * Provable claims whose plausible weakenings the library does not catch yet, with the defect.
 * Every entry is a defect to explain: keep it empty.
 */
const KNOWN_UNCAUGHT: Record<string, string> = {};

/** The ids of the catalog a template can prove (scope infra or infra+doc: mappings included). */
const PROVABLE = CATALOG.filter((c) => c.scope !== 'org').map((c) => c.id);

describe('every provable claim of the catalog has a weakening that is caught', () => {
  const rows = [...Object.keys(DATA_ROWS), ...Object.keys(ACCESS_ROWS)];

  test('every provable claim has a weakening row, or is PENDING or KNOWN_UNCAUGHT with a reason', () => {
    // WHEN
    const missing = PROVABLE.filter((id) => !rows.includes(id) && !(id in PENDING) && !(id in KNOWN_UNCAUGHT));

    // THEN the missing ids are named
    expect(missing).toEqual([]);
  });

  test('rows name provable catalog claims, each once across the tables, with at least one weakening each', () => {
    // WHEN
    const weakened = [...rowsOf(DATA_ROWS), ...rowsOf(ACCESS_ROWS)].map(([id]) => id);

    // THEN
    expect(rows.filter((id) => !PROVABLE.includes(id))).toEqual([]);
    expect(rows.filter((id, i) => rows.indexOf(id) !== i)).toEqual([]);
    expect(rows.filter((id) => !weakened.includes(id))).toEqual([]);
  });

  test('nothing is pending, and nothing known uncaught is in fact covered or without a reason', () => {
    // THEN
    expect(Object.keys(PENDING)).toEqual([]);
    for (const exceptions of [PENDING, KNOWN_UNCAUGHT]) {
      expect(Object.keys(exceptions).filter((id) => rows.includes(id))).toEqual([]);
      expect(Object.keys(exceptions).filter((id) => !PROVABLE.includes(id))).toEqual([]);
      expect(Object.entries(exceptions).filter(([, reason]) => reason.trim() === '').map(([id]) => id)).toEqual([]);
    }
  });
});
