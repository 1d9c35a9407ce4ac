/**
 * An outsider's own page, written only from the README: two log scopes with their own retention,
 * files kept until the user deletes them, and one custom promise with its own verifier. The
 * package test synthesizes it from the packed tarball and reads the report `npx cdk synth` writes.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ApplicationLogGroup, AtRestEncryption, AuditTrail, ComplianceChecks, CurrentObjectsKeptPromise, CustomPromise, DataClass,
  DataProtectionPolicy, ICustomPromiseVerifier, LogRetentionPromise, LogScope, PromiseFact, PromiseTemplate, SecureBucket,
} from 'cdk-data-protection';

/** "No bucket is public": every bucket blocks every kind of public access. */
class NoPublicBuckets implements ICustomPromiseVerifier {
  public verify(templates: PromiseTemplate[]): PromiseFact[] {
    return templates.flatMap((t) => Object.entries<any>(t.template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::S3::Bucket')
      .map(([logicalId, r]) => {
        const block = r.Properties?.PublicAccessBlockConfiguration ?? {};
        const all = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((k) => block[k] === true);
        return {
          stackId: t.stackId,
          logicalId,
          propertyPath: 'Properties.PublicAccessBlockConfiguration',
          expected: 'all four blocks true',
          found: JSON.stringify(block),
          satisfied: all,
        };
      }));
  }
}

const app = new App();
ComplianceChecks.apply(app);
const stack = new Stack(app, 'OwnPage', { env: { region: 'eu-west-1' } });

new DataProtectionPolicy(stack, 'Policy', {
  securityContact: 'security@own-page.example',
  region: 'eu-west-1',
  atRestEncryption: AtRestEncryption.KMS,
  logRetention: RetentionDays.ONE_YEAR,
  promises: [
    new LogRetentionPromise({ scope: LogScope.AUDIT_TRAIL, retention: Duration.days(365) }),
    new LogRetentionPromise({ scope: LogScope.APPLICATION, retention: Duration.days(90) }),
    new CurrentObjectsKeptPromise({ dataClass: DataClass.CUSTOMER_DATA }),
    new CustomPromise({
      id: 'no-public-buckets',
      sentence: 'No storage bucket is public.',
      verifier: new NoPublicBuckets(),
      soc2: ['CC6.1'],
      iso27001: ['8.3'],
      gdprArt32: ['32(1)(b)'],
      cnilSheets: [3],
    }),
  ],
});

new AuditTrail(stack, 'Trail');
new ApplicationLogGroup(stack, 'AppLogs');
new SecureBucket(stack, 'Files', { dataClass: DataClass.CUSTOMER_DATA });

app.synth();
