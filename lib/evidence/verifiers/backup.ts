import { Verifier } from '../model';

/** The verifiers of this area, by the name the catalog's `checks` use. */
export const BACKUP_VERIFIERS: Record<string, Verifier> = {};
