import { AssemblyView, RegisterEntry } from './model';

/**
 * The register of processing activities (GDPR Art. 30), from the data-class tags.
 */
export function buildRegister(_assembly: AssemblyView): RegisterEntry[] {
  return [];
}
