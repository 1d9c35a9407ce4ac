import { boundOf, daysParam, PromiseKind, PromiseParameterError, withinBound } from './kind';
import { ENCRYPTION_AT_REST } from '../catalog';
import type { Fact } from '../model';

/** KMS's default rotation period, when `EnableKeyRotation` is true and `RotationPeriodInDays` absent. */
const DEFAULT_PERIOD = 365;

/**
 * `key-rotation`: every customer-managed KMS key of the templates rotates automatically, every N
 * days (or at least that often, `AT_MOST`). Made true by the library's keys (`EnableKeyRotation`,
 * KMS's default period of 365 days); the verifier reads `EnableKeyRotation` and
 * `RotationPeriodInDays` of every `AWS::KMS::Key`.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
export const KEY_ROTATION: PromiseKind = {
  kind: 'key-rotation',
  summary: 'encryption keys rotate automatically every N days',
  scope: 'infra',
  controls: ENCRYPTION_AT_REST,
  render(params) {
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    if (bound === 'AT_LEAST') {
      throw new PromiseParameterError('bound must be EXACTLY or AT_MOST (rotated at least every N days), got AT_LEAST');
    }
    if (days < 90 || days > 2560) {
      throw new PromiseParameterError(`days must be a rotation period KMS accepts (90 to 2560), got ${days}`);
    }
    return {
      text: `Encryption keys are customer-managed AWS KMS keys, rotated automatically ${bound === 'AT_MOST' ? 'at least every' : 'every'} ${days} days.`,
      expected: { keyRotationDays: bound === 'AT_MOST' ? `<= ${days}` : String(days) },
    };
  },
  verify({ stacks }, params) {
    const bound = boundOf(params);
    const days = daysParam(params, 'days');
    const facts: Fact[] = [];
    for (const stack of stacks) {
      for (const key of stack.resources.filter((r) => r.type === 'AWS::KMS::Key')) {
        const rotates = key.properties.EnableKeyRotation === true;
        const period = key.properties.RotationPeriodInDays ?? DEFAULT_PERIOD;
        facts.push({
          stack: stack.id,
          logicalId: key.logicalId,
          constructPath: key.constructPath,
          propertyPath: 'Properties.EnableKeyRotation, RotationPeriodInDays',
          expected: `true, ${bound === 'AT_MOST' ? '<= ' : ''}${days}`,
          found: `${key.properties.EnableKeyRotation ?? '(absent: false)'}, ${period}${key.properties.RotationPeriodInDays === undefined ? ' (KMS default)' : ''}`,
          satisfied: rotates && withinBound(bound, days, Number(period)),
        });
      }
    }
    return facts;
  },
  // A shorter period rotates more often: it promises more.
  strength: (params) => -Number(params.days),
};
