import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DeployRequirements, RequiredContext } from '../../lib';
import { appNamed, SYNTHESIS_TIMEOUT_MS, SynthesizedApp, synthesizedApps } from '../helpers/assemblies';
import { errorOf } from '../helpers/compliance';

const DOMAIN: RequiredContext = { keys: ['domainName'], purpose: 'the certificate needs a real domain' };
const ZONE: RequiredContext = { keys: ['hostedZoneId', 'hostedZoneName'], purpose: 'the certificate is validated in the zone' };

/** The assertion of a refusing rule: a parameter compared with itself, negated, so no value passes. */
const NEVER_HOLDS = { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: DeployRequirements.PARAMETER_ID }, { Ref: DeployRequirements.PARAMETER_ID }] }] };

/** Whether a rule assertion can hold for some value of the template's parameters (each parameter at its default, then at another value). */
function canHold(assertion: any, parameters: Record<string, any>): boolean {
  const evaluate = (expr: any, values: Record<string, string>): any => {
    if (typeof expr === 'string') return expr;
    if (expr.Ref !== undefined) return values[expr.Ref];
    if (expr['Fn::Not'] !== undefined) return !evaluate(expr['Fn::Not'][0], values);
    if (expr['Fn::Equals'] !== undefined) return evaluate(expr['Fn::Equals'][0], values) === evaluate(expr['Fn::Equals'][1], values);
    throw new Error(`unexpected rule function ${JSON.stringify(expr)}`);
  };
  const defaults = Object.fromEntries(Object.entries(parameters).map(([id, p]) => [id, p.Default]));
  const others = Object.fromEntries(Object.keys(parameters).map((id) => [id, 'any other value']));
  return [defaults, others].some((values) => evaluate(assertion, values) === true);
}

describe('DeployRequirements', () => {
  test('missing context adds to every stack a rule that no parameter value satisfies, naming the context to give', () => {
    // GIVEN
    const app = new App();
    const stacks = [new Stack(app, 'One'), new Stack(app, 'Two')];

    // WHEN
    const missing = DeployRequirements.refuseDeployWithout(app, [DOMAIN, ZONE]);

    // THEN
    expect(missing).toEqual([DOMAIN, ZONE]);
    for (const stack of stacks) {
      const template = Template.fromStack(stack).toJSON();
      expect(template.Rules.RequiresDomainName.Assertions).toEqual([{
        Assert: NEVER_HOLDS,
        AssertDescription: 'Deploy refused: the certificate needs a real domain; give -c domainName=<value>.',
      }]);
      expect(template.Rules.RequiresHostedZoneId.Assertions[0].AssertDescription)
        .toBe('Deploy refused: the certificate is validated in the zone; give -c hostedZoneId=<value> -c hostedZoneName=<value>.');
      expect(canHold(template.Rules.RequiresDomainName.Assertions[0].Assert, template.Parameters)).toBe(false);
      Annotations.fromStack(stack).hasWarning(`/${stack.stackName}`, Match.stringLikeRegexp('deploy of this stack is refused.*-c domainName=<value>'));
    }
  });

  test('given context adds no rule and no parameter: the deploy goes ahead', () => {
    // GIVEN
    const app = new App({ context: { domainName: 'app.example.org', hostedZoneId: 'Z1', hostedZoneName: 'example.org' } });
    const stack = new Stack(app, 'One');

    // WHEN
    const missing = DeployRequirements.refuseDeployWithout(app, [DOMAIN, ZONE]);

    // THEN
    expect(missing).toEqual([]);
    const template = Template.fromStack(stack).toJSON();
    expect(Object.keys(template.Rules ?? {}).filter((id) => id.startsWith('Requires'))).toEqual([]);
    expect(template.Parameters?.[DeployRequirements.PARAMETER_ID]).toBeUndefined();
  });

  test('one key of a pair missing still refuses', () => {
    // GIVEN
    const app = new App({ context: { domainName: 'app.example.org', hostedZoneId: 'Z1' } });
    const stack = new Stack(app, 'One');

    // WHEN
    const missing = DeployRequirements.refuseDeployWithout(app, [DOMAIN, ZONE]);

    // THEN
    expect(missing).toEqual([ZONE]);
    expect(Object.keys(Template.fromStack(stack).toJSON().Rules)).toContain('RequiresHostedZoneId');
  });

  test.each([
    ['no key', { keys: [], purpose: 'something' }, /must name 1 or more context keys/],
    ['a key that cannot be part of a logical id', { keys: ['domain-name'], purpose: 'something' }, /got keys \[domain-name\]/],
    ['an empty purpose', { keys: ['domainName'], purpose: ' ' }, /and a purpose/],
  ])('refuses a requirement with %s', (_name, requirement, message) => {
    // GIVEN
    const app = new App();

    // WHEN
    const error = errorOf(() => DeployRequirements.refuseDeployWithout(app, [requirement]));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(message);
  });

  test('refuses two requirements starting with the same key', () => {
    expect(errorOf(() => DeployRequirements.refuseDeployWithout(new App(), [DOMAIN, { keys: ['domainName'], purpose: 'again' }])).message)
      .toMatch(/each requirement must start with a different context key, got domainName, domainName/);
  });
});

describe('the reference app with no context (as `npx cdk synth` runs it)', () => {
  let apps: SynthesizedApp[];
  beforeAll(async () => {
    apps = await synthesizedApps();
  }, SYNTHESIS_TIMEOUT_MS);

  test('every stack refuses a deploy without domain, hosted zone and alert receiver, before creating anything', () => {
    // GIVEN
    const reference = appNamed(apps, 'reference');

    // WHEN
    const rules = reference.stacks.map((s) => [s.stack, Object.keys(s.template.Rules ?? {}).filter((id) => id.startsWith('Requires')).sort()]);

    // THEN: the off-site stacks too, which `cdk deploy --all` would otherwise create first
    expect(rules).toEqual(reference.stacks.map((s) => [s.stack, ['RequiresAlertEmail', 'RequiresDomainName', 'RequiresHostedZoneId']]));
    for (const stack of reference.stacks) {
      for (const rule of Object.values<any>(stack.template.Rules).filter((r) => r.Assertions[0].AssertDescription.startsWith('Deploy refused'))) {
        expect(canHold(rule.Assertions[0].Assert, stack.template.Parameters)).toBe(false);
        expect(rule.Assertions[0].AssertDescription).toMatch(/give (-c \w+=<value> ?)+\.$/);
      }
    }
  });
});
