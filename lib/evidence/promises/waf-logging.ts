import { LOGGING_CONTROLS, oneOf, PromiseKind, referencedId } from './kind';
import type { Fact } from '../model';

const REQUESTS: Record<string, string> = { ALL: 'every request', BLOCKED: 'every blocked request (rate-limited ones included)' };

/** Whether a logging filter keeps blocked requests and drops the others. */
function keepsBlocked(filter: any): boolean {
  return filter?.DefaultBehavior === 'DROP' && Array.isArray(filter.Filters) && filter.Filters.some((f: any) => f?.Behavior === 'KEEP'
    && (f.Conditions ?? []).some((c: any) => c?.ActionCondition?.Action === 'BLOCK'));
}

/**
 * `waf-logging`: every web ACL logs every request, or every blocked request. Made true by
 * `WebFirewall`, which reads the policy's WAF logging; the verifier reads the
 * `AWS::WAFv2::LoggingConfiguration` of every `AWS::WAFv2::WebACL` and its filter.
 */
export const WAF_LOGGING: PromiseKind = {
  kind: 'waf-logging',
  summary: 'the web application firewall logs requests',
  scope: 'infra',
  controls: LOGGING_CONTROLS,
  render(params) {
    const requests = oneOf(params, 'requests', Object.keys(REQUESTS));
    return {
      text: `The web application firewall logs ${REQUESTS[requests]}.`,
      expected: { wafLoggedRequests: requests },
    };
  },
  verify({ stacks }, params) {
    const requests = params.requests as string;
    const facts: Fact[] = [];
    for (const stack of stacks) {
      const configs = stack.resources.filter((r) => r.type === 'AWS::WAFv2::LoggingConfiguration');
      for (const acl of stack.resources.filter((r) => r.type === 'AWS::WAFv2::WebACL')) {
        const config = configs.find((c) => referencedId(c.properties.ResourceArn) === acl.logicalId);
        const filter = config?.properties.LoggingFilter;
        const found = config === undefined ? 'no logging configuration'
          : filter === undefined ? 'every request' : keepsBlocked(filter) ? 'blocked requests' : `filter ${JSON.stringify(filter)}`;
        facts.push({
          stack: stack.id,
          logicalId: acl.logicalId,
          constructPath: acl.constructPath,
          propertyPath: 'AWS::WAFv2::LoggingConfiguration(ResourceArn).LoggingFilter',
          expected: requests === 'ALL' ? 'every request (no filter)' : 'blocked requests (DROP by default, KEEP on BLOCK)',
          found,
          satisfied: config !== undefined && (requests === 'ALL' ? filter === undefined : keepsBlocked(filter)),
        });
      }
    }
    return facts;
  },
};
