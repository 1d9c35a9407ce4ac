import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * What a stack and its stage record for the evidence report beyond the policy itself: the
 * role of a stack that is not the service (an off-site backup copy), and the compliance
 * packs that ran. Symbols on the constructs, so no public API carries them.
 */
const ROLE = Symbol.for('cdk-data-protection.stackRole');
const PACKS = Symbol.for('cdk-data-protection.compliancePacks');

/** Marks a stack as holding something other than the service (`offsite-backup`). */
export function markStackRole(stack: Stack, role: string): void {
  Object.defineProperty(stack, ROLE, { value: role });
}

/** The role a stack was marked with, if any. */
export function stackRole(stack: Stack): string | undefined {
  return (stack as any)[ROLE];
}

/** Records the plugin names of the compliance packs registered on a stage. */
export function recordPacks(stage: Stage, names: string[]): void {
  Object.defineProperty(stage, PACKS, { value: names });
}

/** The plugin names of the compliance packs that run on the scope's stages (outermost first), if any. */
export function appliedPacks(scope: IConstruct): string[] | undefined {
  const names = scope.node.scopes.flatMap((s) => (Stage.isStage(s) ? ((s as any)[PACKS] as string[] | undefined) ?? [] : []));
  return names.length > 0 ? names : undefined;
}
