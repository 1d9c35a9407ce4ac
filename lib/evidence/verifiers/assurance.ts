import { CATALOG, catalogClaim } from '../catalog';
import { ControlMapping, Fact, StackView, Verifier } from '../model';
import { CATALOG_KIND, PROMISE_KINDS } from '../promises';
import { fact } from '../query';

/** The compliance packs every synthesis must run (S2-15), by plugin name. */
export const REQUIRED_PACKS = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'cdk-validator-cfnguard'];

/** The CNIL sheets 003 names for its Art. 32 measures (S3-03). */
export const ART32_CNIL_SHEETS = [2, 3, 4, 10, 11, 12, 16, 17];

const E_MAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+\.[^\s]+$/;

/** Where a stack's policy record sits in its template. */
const POLICY_PATH = 'Metadata.cdk-data-protection';

/**
 * The technical claims (infra, infra+doc) the stacks record, other than `except`, and of those
 * only the ones already PROVEN when the report says so: a mapping counts measures that hold.
 * Catalog ids map through the catalog, promises of the vocabulary (`encryption-at-rest`, ...)
 * through their kind; custom promises, whose mapping is their author's word, are not counted.
 */
function technicalClaims(stacks: StackView[], except: string[], proven?: ReadonlySet<string>): Array<{ id: string; controls: ControlMapping }> {
  const byId = new Map<string, ControlMapping>();
  for (const c of stacks.flatMap((s) => s.policy?.claims ?? [])) {
    const entry = c.kind === undefined || c.kind === CATALOG_KIND ? catalogClaim(c.id) : undefined;
    const controls = entry ? (entry.scope === 'org' ? undefined : entry.controls) : c.kind === undefined ? undefined : PROMISE_KINDS[c.kind]?.controls;
    if (controls && !except.includes(c.id) && (proven === undefined || proven.has(c.id))) {
      byId.set(c.id, controls);
    }
  }
  return [...byId].map(([id, controls]) => ({ id, controls }));
}

/**
 * S1-13, S4-12: each technical claim the stacks record maps to at least one SOC 2 criterion and
 * one ISO/IEC 27001 control, and there is at least one to map.
 */
const controlMapping: Verifier = ({ stacks, claim, proven }) => {
  const mapped = technicalClaims(stacks, ['S1-13', 'S4-12'], proven);
  const where = { stack: stacks.map((s) => s.id).join(', ') };
  if (mapped.length === 0) {
    return [fact(where, `${POLICY_PATH}.claims`, 'technical claims to map to SOC 2 and ISO 27001', `only ${claim.id}`, false,
      `a control mapping maps the measures the templates prove; the policy claims none${proven ? ' that is proven' : ''}`)];
  }
  return mapped.map(({ id, controls }) => fact(where, `${POLICY_PATH}.claims[${id}]`, 'mapped to SOC 2 and ISO/IEC 27001:2022',
    `SOC 2 ${controls.soc2.join(', ') || '(none)'}; ISO ${controls.iso27001.join(', ') || '(none)'}`,
    controls.soc2.length > 0 && controls.iso27001.length > 0));
};

/**
 * S3-03: every CNIL sheet 003 names is served by at least one technical claim the stacks record.
 */
const art32Mapping: Verifier = ({ stacks, proven }) => {
  const claimed = technicalClaims(stacks, ['S3-03'], proven);
  const where = { stack: stacks.map((s) => s.id).join(', ') };
  return ART32_CNIL_SHEETS.map((sheet) => {
    const serving = claimed.filter((c) => c.controls.cnilSheets.includes(sheet)).map((c) => c.id);
    return fact(where, `${POLICY_PATH}.claims`, `a ${proven ? 'proven' : 'claimed'} measure for CNIL sheet ${sheet}`,
      serving.length > 0 ? serving.join(', ') : '(none)', serving.length > 0,
      serving.length > 0 ? undefined : `claim one of ${CATALOG.filter((c) => c.scope !== 'org' && c.id !== 'S3-03' && c.controls.cnilSheets.includes(sheet)).map((c) => c.id).join(', ')}`);
  });
};

/**
 * S2-15: the synthesis ran every compliance pack and left no finding open.
 */
const compliancePacks: Verifier = ({ stacks, assembly }) => {
  const facts: Fact[] = stacks.flatMap((s) => {
    const ran = s.policy?.compliancePacks ?? [];
    return REQUIRED_PACKS.map((pack) => fact({ stack: s.id }, `${POLICY_PATH}.compliancePacks`, `${pack} ran`,
      ran.length > 0 ? ran.join(', ') : undefined, ran.includes(pack)));
  });
  const where = { stack: 'validation-report.json' };
  if (!assembly.validationReportPresent) {
    facts.push(fact(where, 'pluginReports', 'the validation report of the synthesis', undefined, false,
      'set the context flag @aws-cdk/core:validationReportJson to true'));
    return facts;
  }
  const open = assembly.findings.filter((f) => f.acknowledgedReason === undefined);
  facts.push(fact(where, 'pluginReports[].violations', '0 open findings', open.length, open.length === 0,
    open.length > 0 ? open.slice(0, 5).map((f) => `${f.rule} at ${f.constructPaths.join(', ')}`).join('; ') : undefined));
  return facts;
};

/**
 * S4-13: the policy publishes a security contact, the one the claim names, as an e-mail address or https URL.
 */
const securityContact: Verifier = ({ stacks, expected }) => stacks.map((s) => {
  const contact = s.policy?.securityContact;
  const wanted = expected.get('securityContact');
  const valid = contact !== undefined && (E_MAIL.test(contact) || HTTPS_URL.test(contact));
  return fact({ stack: s.id }, `${POLICY_PATH}.securityContact`, wanted ?? 'an e-mail address or https URL', contact,
    valid && (wanted === undefined || contact === wanted));
});

/** The verifiers of the report's own sections, by the name the catalog's `checks` use. */
export const ASSURANCE_VERIFIERS: Record<string, Verifier> = {
  'control-mapping': controlMapping,
  'art32-mapping': art32Mapping,
  'compliance-packs': compliancePacks,
  'security-contact': securityContact,
};
