import { Bound, boundedDays, boundedExpected, boundOf, LOG_RETENTION_CONTROLS, oneOf, PromiseKind, PromiseParameterError, PromiseParams, tagValue, withinBound } from './kind';
import type { Fact } from '../model';

/** The tag each log group of the library carries, naming what it logs. */
export const LOG_SCOPE_TAG = 'log-scope';

/** The log scopes, by the value of the `log-scope` tag, and their words. */
export const LOG_SCOPES: Record<string, { tag: string; words: string }> = {
  AUDIT_TRAIL: { tag: 'audit-trail', words: 'Audit trail logs (every console and API action)' },
  APPLICATION: { tag: 'application', words: 'Application logs' },
  NETWORK_FLOW: { tag: 'network-flow', words: 'Network flow logs' },
  WAF: { tag: 'waf', words: 'Web application firewall logs' },
  DATABASE: { tag: 'database', words: 'Database logs' },
};

/** The retention of the parameters: a number of days, or `INFINITE`. */
function retention(params: PromiseParams): number | 'INFINITE' {
  const days = params.days;
  if (days === 'INFINITE') {
    return days;
  }
  if (typeof days !== 'number' || !Number.isInteger(days) || days <= 0) {
    throw new PromiseParameterError(`days must be a whole number of days above 0 or INFINITE, got ${JSON.stringify(days)}`);
  }
  return days;
}

function words(bound: Bound, days: number | 'INFINITE'): string {
  return days === 'INFINITE' ? 'indefinitely' : boundedDays(bound, days);
}

/**
 * `log-retention`: the log groups of one scope (audit trail, application, network flow, WAF,
 * database) are kept a number of days, exactly unless the promise says at least or at most.
 * Made true by the constructs of the scope, which read the policy's retention for it and tag
 * their log groups `log-scope`; the verifier reads every log group of the scope.
 */
export const LOG_RETENTION: PromiseKind = {
  kind: 'log-retention',
  summary: 'the log groups of one scope are kept a number of days',
  scope: 'infra',
  controls: LOG_RETENTION_CONTROLS,
  render(params) {
    const scope = oneOf(params, 'scope', Object.keys(LOG_SCOPES));
    const bound = boundOf(params);
    const days = retention(params);
    if (days === 'INFINITE' && bound === 'AT_MOST') {
      throw new PromiseParameterError('days INFINITE cannot be a bound AT_MOST');
    }
    return {
      text: `${LOG_SCOPES[scope].words} are kept ${words(bound, days)}.`,
      expected: { [`logRetention.${LOG_SCOPES[scope].tag}`]: days === 'INFINITE' ? 'INFINITE' : boundedExpected(bound, days) },
    };
  },
  verify({ stacks }, params) {
    const scope = LOG_SCOPES[params.scope as string];
    const bound = boundOf(params);
    const days = retention(params);
    const facts: Fact[] = [];
    for (const stack of stacks) {
      for (const r of stack.resources) {
        if (r.type !== 'AWS::Logs::LogGroup' || tagValue(r.properties, LOG_SCOPE_TAG) !== scope.tag) {
          continue;
        }
        const found = r.properties.RetentionInDays;
        const forever = found === undefined;
        const satisfied = days === 'INFINITE' ? forever
          : forever ? bound === 'AT_LEAST' : withinBound(bound, days, typeof found === 'number' ? found : Number(found));
        facts.push({
          stack: stack.id,
          logicalId: r.logicalId,
          constructPath: r.constructPath,
          propertyPath: 'Properties.RetentionInDays',
          expected: days === 'INFINITE' ? '(absent: kept forever)' : boundedExpected(bound, days),
          found: forever ? '(absent: kept forever)' : String(found),
          satisfied,
        });
      }
    }
    if (facts.length === 0) {
      facts.push({
        stack: stacks.map((s) => s.id).join(', '),
        propertyPath: `Resources[AWS::Logs::LogGroup].Properties.Tags.${LOG_SCOPE_TAG}`,
        expected: `a log group tagged ${LOG_SCOPE_TAG}=${scope.tag}`,
        found: 'none',
        satisfied: false,
        note: 'a retention cannot be proven for logs the templates do not hold',
      });
    }
    return facts;
  },
};
