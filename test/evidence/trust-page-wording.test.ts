// Issue 19 item 8: each sentence of the trust page says exactly what the facts show.
import { App, Stack } from 'aws-cdk-lib';
import { DataProtectionPolicy } from '../../lib';
import { policyClaims } from '../../lib/policy/policy-claims';

function textsOf(ids: string[]): Record<string, string> {
  const stack = new Stack(new App(), 'Service', { env: { region: 'us-east-1' } });
  const policy = new DataProtectionPolicy(stack, 'Policy', { securityContact: 'security@example.com' });
  return Object.fromEntries(policyClaims(policy, ids).map((c) => [c.id, c.text]));
}

describe('trust-page wording', () => {
  test('S2-08 does not promise DDoS protection (no Shield Advanced is claimed): it says what the web ACL does and where', () => {
    // WHEN
    const { 'S2-08': text } = textsOf(['S2-08']);

    // THEN
    expect(text).not.toMatch(/DDoS/i);
    expect(text).toMatch(/rate limiting and AWS managed rules sits in front of every internet-facing load balancer and CDN/);
  });

  test('S0-03 does not say application events are logged, only that the application has log groups for them', () => {
    // WHEN
    const { 'S0-03': text } = textsOf(['S0-03']);

    // THEN
    expect(text).not.toMatch(/and application events\./);
    expect(text).toMatch(/the application has dedicated log groups, masking personal data, for its own events/);
  });

  test('S0-11 names the findings routed (high and critical), not every security finding', () => {
    // WHEN
    const { 'S0-11': text } = textsOf(['S0-11']);

    // THEN
    expect(text).toMatch(/^High and critical security findings are routed at once/);
  });

  test('S2-07 names every endpoint the page promises: the CDN with S4-05, the administrators\' VPN with S2-09', () => {
    // WHEN
    const alone = textsOf(['S2-07'])['S2-07'];
    const all = textsOf(['S2-07', 'S2-09', 'S4-05'])['S2-07'];

    // THEN
    expect(alone).toBe('Only the load balancer (HTTPS on TCP 443, port 80 only redirecting to it) is reachable from the internet; '
      + 'everything else sits in private or isolated subnets.');
    expect(all).toBe('Only the load balancer (HTTPS on TCP 443, port 80 only redirecting to it), the CDN (HTTPS, HTTP only redirecting to it) '
      + 'and the administrators\' Client VPN endpoint are reachable from the internet; everything else sits in private or isolated subnets.');
  });
});
