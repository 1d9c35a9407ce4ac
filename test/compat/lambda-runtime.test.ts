import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AccountPasswordPolicy, SecureUserPool, ThreatDetection } from '../../lib';
import { acknowledgePreviewRuntimes, newerKnownRuntimes, NODEJS_RUNTIME } from '../../lib/private/lambda-runtime';
import { checkedApp, expectNoUnacknowledgedFindings, findings, stackWithPolicy } from '../helpers/compliance';

/**
 * aws-cdk-lib 2.278.0 lists `nodejs26.x` (a Lambda public preview) and cdk-nag's AwsSolutions-L1
 * takes the newest runtime aws-cdk-lib lists as the latest: every app with a ThreatDetection (its
 * AwsCustomResource provider runs nodejs24.x) failed synthesis. These tests make the installed
 * aws-cdk-lib list such a runtime, whatever its version, and remove it again afterwards.
 */
function withListedRuntime<T>(name: string, fn: () => T): T {
  const before = lambda.Runtime.ALL.length;
  new lambda.Runtime(name, lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });
  try {
    return fn();
  } finally {
    lambda.Runtime.ALL.splice(before);
  }
}

describe('Lambda runtimes across aws-cdk-lib versions', () => {
  test('the library\'s own functions run the newest generally available Node.js', () => {
    expect(NODEJS_RUNTIME.name).toBe('nodejs24.x');
  });

  test('newerKnownRuntimes lists the runtimes of the same family that aws-cdk-lib lists as newer', () => {
    withListedRuntime('nodejs26.x', () => {
      expect(newerKnownRuntimes('nodejs24.x')).toEqual(['nodejs26.x']);
      expect(newerKnownRuntimes('nodejs22.x')).toEqual(['nodejs24.x', 'nodejs26.x']);
      expect(newerKnownRuntimes('python3.9')).not.toContain('nodejs26.x');
      expect(newerKnownRuntimes('provided.al2023')).toEqual([]);
    });
  });

  test('S2-15 with a preview runtime listed (aws-cdk-lib 2.278.0), ThreatDetection, the custom resources and the pre-sign-up trigger synthesize with no unacknowledged finding', () => {
    withListedRuntime('nodejs26.x', () => {
      // GIVEN an app with every pack
      const app = checkedApp();
      const stack = stackWithPolicy(app);

      // WHEN
      new ThreatDetection(stack, 'Detection');
      new AccountPasswordPolicy(stack, 'Passwords');
      new SecureUserPool(stack, 'Users', { allowedEmailDomains: ['example.com'] });

      // THEN
      expectNoUnacknowledgedFindings(app);
    });
  });

  test('S2-15 a function that lags a generally available runtime keeps its AwsSolutions-L1 finding', () => {
    withListedRuntime('nodejs26.x', () => {
      // GIVEN a function on nodejs22.x while nodejs24.x is generally available
      const app = checkedApp();
      const stack = new Stack(app, 'Lagging', { env: { region: 'us-east-1' } });
      const fn = new lambda.Function(stack, 'Old', {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};'),
      });

      // WHEN
      acknowledgePreviewRuntimes(fn, 'A test function');

      // THEN
      expect(findings(app).filter((f) => f.rule === 'AwsSolutions-L1').flatMap((f) => f.paths)).toEqual(['Lagging/Old/Resource']);
    });
  });
});
