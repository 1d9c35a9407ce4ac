/**
 * Custom promises on the evidence side. A team's own promise records its id, sentence and
 * control mapping (kind `custom`); its verifier is code, which only the app that defined it
 * holds. The app registers it here when the promise is constructed, so the report written on
 * `cdk synth` runs it; a report of another process (the standalone CLI) does not have it and
 * never states the promise PROVEN (NOT_PROVABLE, saying why).
 */
import type { ControlMapping, Fact, VerifierInput } from '../model';

/** A custom promise's verifier, as the report runs it. */
export interface CustomVerifier {
  /** The sentence the promise was defined with. */
  readonly text: string;
  verify(input: VerifierInput): Fact[];
}

const REGISTRY_KEY = Symbol.for('cdk-data-protection.custom-promise-verifiers');

/** The verifiers of the custom promises defined in this process, by promise id. */
function registry(): Map<string, CustomVerifier> {
  const g = globalThis as any;
  g[REGISTRY_KEY] ??= new Map<string, CustomVerifier>();
  return g[REGISTRY_KEY];
}

/** Registers the verifier of a custom promise (its id is unique per process: the last definition wins). */
export function registerCustomVerifier(id: string, verifier: CustomVerifier): void {
  registry().set(id, verifier);
}

/** The verifier of a custom promise defined in this process, if any. */
export function customVerifier(id: string): CustomVerifier | undefined {
  return registry().get(id);
}

/** The control mapping a custom promise records, checked to be plain lists. */
export function recordedControls(params: Record<string, any>): ControlMapping {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    soc2: list(params.soc2),
    iso27001: list(params.iso27001),
    gdprArt32: list(params.gdprArt32),
    cnilSheets: Array.isArray(params.cnilSheets) ? params.cnilSheets.map(Number).filter((n: number) => Number.isInteger(n)) : [],
  };
}
