/**
 * Turns off the two costs the reference app adds on top of building its stacks: the
 * compliance packs (`ComplianceChecks.apply`) and the evidence report (`EvidenceReport.write`, which the
 * policy calls on synthesis).
 * Imported before `bin/reference-app.ts`, so the app runs unchanged otherwise.
 */
import { ComplianceChecks, EvidenceReport } from '../../lib';

ComplianceChecks.apply = (): string[] => [];
EvidenceReport.write = () => ({ proven: 0, violated: 0, notProvable: 0, violatedClaims: [], files: [], notes: [] });
