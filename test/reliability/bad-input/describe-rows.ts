import { Row, rowMismatch, rowTitle, runRow } from './kit';

/**
 * One jest test per row: the input is refused with a `DataProtectionError` naming where, the
 * value received and what is allowed, and the app synthesized after the refusal holds nothing
 * from the refused construct.
 */
export function describeRows(title: string, rows: Row[]): void {
  describe(title, () => {
    test('each row has a unique title', () => {
      expect(new Set(rows.map(rowTitle)).size).toBe(rows.length);
    });

    test.each(rows.map((r) => [rowTitle(r), r] as const))('%s', (_title, row) => {
      // GIVEN / WHEN the bad input is built (and synthesized, for validations), then the app is synthesized anyway
      const outcome = runRow(row);

      // THEN it is our error, naming where, the value and what is allowed, and nothing was left behind
      expect(rowMismatch(row, outcome)).toBeUndefined();
    });
  });
}
