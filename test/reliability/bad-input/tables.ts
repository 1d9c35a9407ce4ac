import { Row } from './kit';
import { DATA_ROWS } from './rows-data';
import { EDGE_ROWS } from './rows-edge';
import { NAMING_ROWS } from './rows-naming';
import { POLICY_ROWS } from './rows-policy';
import { REFUSE_FIRST_ROWS } from './rows-refuse-first';
import { RESTRICT_NOTHING_ROWS } from './rows-restrict-nothing';
import { WRONG_PLACE_ROWS } from './rows-wrong-place';

/**
 * Every table of the bad-input catalogue, by class of mistake (issue 20): for a run over the
 * packed tarball, take one row per class (or all) and run each with `runRow` and `rowMismatch`
 * of kit.ts.
 */
export const TABLES: Record<string, Row[]> = {
  'values out of range: the policy and its values': POLICY_ROWS,
  'values out of range: data stores and backups': DATA_ROWS,
  'values out of range: edge, audit, detection, identity, network': EDGE_ROWS,
  'refuse before creating': REFUSE_FIRST_ROWS,
  'things from the wrong place': WRONG_PLACE_ROWS,
  'restrictions that restrict nothing': RESTRICT_NOTHING_ROWS,
  'errors that name the mistake': NAMING_ROWS,
};
