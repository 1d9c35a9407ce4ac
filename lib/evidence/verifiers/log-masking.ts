import { Fact, Verifier } from '../model';
import { fact, listOf, resourcesOf, show } from '../query';
import { LOG_GROUP, templateText, where } from './audit-templates';

/*
 * S1-04, S4-04: personal data masked in the application's logs.
 */
// ---------------------------------------------------------------------------------------------
// S1-04, S4-04: masking

/**
 * The data identifiers every masking policy must cover, as the S1-04 text promises: e-mail
 * addresses, names, postal addresses, card numbers, and phone numbers of at least one country
 * (CloudWatch Logs matches phone numbers per country: `PhoneNumber-US`, ...).
 */
const REQUIRED_IDENTIFIERS = ['EmailAddress', 'Name', 'Address', 'CreditCardNumber', 'PhoneNumber-*'];

/** Whether the masked identifiers cover a required one (`PhoneNumber-*`: any country). */
export function covers(masked: string[], required: string): boolean {
  return required.endsWith('*') ? masked.some((m) => m.startsWith(required.slice(0, -1))) : masked.includes(required);
}

/** The data identifier names of a data-protection statement (`arn:...:data-identifier/EmailAddress` -> `EmailAddress`). */
function identifierNames(statement: any): string[] {
  return listOf(statement?.DataIdentifier).map((id) => {
    const text = templateText(id) ?? '';
    const i = text.lastIndexOf('data-identifier/');
    return i >= 0 ? text.slice(i + 'data-identifier/'.length) : text;
  });
}

/** What a data-protection policy masks and whether it audits, and whether that meets the claim. */
function maskingOf(policy: any): { found: string; satisfied: boolean; note?: string } {
  const statements = listOf<any>(policy?.Statement);
  const masked = [...new Set(statements.filter((s) => s?.Operation?.Deidentify?.MaskConfig !== undefined).flatMap(identifierNames))];
  const audited = statements.some((s) => s?.Operation?.Audit !== undefined);
  const missing = REQUIRED_IDENTIFIERS.filter((id) => !covers(masked, id));
  const found = `masks ${masked.length > 0 ? masked.join(', ') : '(nothing)'}; ${audited ? 'audit statement' : 'no audit statement'}`;
  const why = [missing.length > 0 ? `does not mask ${missing.join(', ')}` : '', audited ? '' : 'has no Audit statement'].filter((x) => x);
  return { found, satisfied: why.length === 0, note: why.length > 0 ? why.join('; ') : undefined };
}

/**
 * S1-04, S4-04: personal data is masked in logs: every log group with a data-protection policy
 * (`DataProtectionPolicy`), and every account-wide data-protection policy
 * (`AWS::Logs::AccountPolicy` of type `DATA_PROTECTION_POLICY`), has a `Deidentify` statement
 * with `MaskConfig` over at least e-mail addresses, names and postal addresses (managed data
 * identifiers `EmailAddress`, `Name`, `Address`), and an `Audit` statement that reports what
 * was found. At least one such policy must exist. The found value lists every identifier masked.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data.html
 */
const logMasking: Verifier = ({ stacks }) => {
  const expected = `masks ${REQUIRED_IDENTIFIERS.join(', ')} (Deidentify MaskConfig) and audits`;
  const facts: Fact[] = resourcesOf(stacks, LOG_GROUP).filter((g) => g.properties.DataProtectionPolicy !== undefined).map((g) => {
    const m = maskingOf(g.properties.DataProtectionPolicy);
    return fact(g, 'Properties.DataProtectionPolicy', expected, m.found, m.satisfied, m.note);
  });
  for (const p of resourcesOf(stacks, 'AWS::Logs::AccountPolicy').filter((a) => a.properties.PolicyType === 'DATA_PROTECTION_POLICY')) {
    let document: unknown;
    try {
      document = JSON.parse(templateText(p.properties.PolicyDocument) ?? '');
    } catch {
      document = undefined;
    }
    const m = document === undefined ? { found: show(p.properties.PolicyDocument), satisfied: false, note: 'the policy document cannot be read' }
      : maskingOf(document);
    facts.push(fact(p, 'Properties.PolicyDocument', expected, m.found, m.satisfied, m.note));
  }
  if (facts.length === 0) {
    facts.push(fact(where(stacks), `Resources[Type=${LOG_GROUP}].Properties.DataProtectionPolicy`, expected, '(none)', false,
      'no log group or account policy masks personal data; use ApplicationLogGroup'));
  }
  return facts;
};

/** The verifiers of this module, by the name the catalog's `checks` use (also in `AUDIT_VERIFIERS`). */
export const MASKING_VERIFIERS: Record<string, Verifier> = {
  'log-masking': logMasking,
};
