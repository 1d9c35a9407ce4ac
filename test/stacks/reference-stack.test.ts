import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupSchedule, ReferenceStack } from '../../lib';
import { checkedApp, DEFAULT_POLICY, expectNoUnacknowledgedFindings } from '../helpers/compliance';

/** The template with asset hashes and the CDK version metadata normalised, so snapshots change only with the design. */
function normalised(template: Template): unknown {
  const json = JSON.stringify(template.toJSON(), undefined, 1)
    .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset-hash>$1');
  const parsed = JSON.parse(json);
  delete parsed.Resources?.CDKMetadata;
  delete parsed.Conditions?.CDKMetadataAvailable;
  return parsed;
}

describe('ReferenceStack', () => {
  test('synthesizes with zero unacknowledged findings in every pack and the Control Tower rules', () => {
    const app = checkedApp();
    new ReferenceStack(app, 'Reference', { policy: DEFAULT_POLICY });
    expectNoUnacknowledgedFindings(app);
  });

  test('S0-05 is pinned to the policy\'s region and names no account (synth needs no credentials)', () => {
    const stack = new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY });
    expect(stack.region).toBe('us-east-1');
    expect(stack.resolve(stack.account)).toEqual({ Ref: 'AWS::AccountId' });
  });

  test('S1-01 holds one SecureBucket per data class plus the access-log bucket', () => {
    const template = Template.fromStack(new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY }));
    const tags = Object.values(template.findResources('AWS::S3::Bucket'))
      .map((b: any) => b.Properties.Tags.find((t: any) => t.Key === 'data-class').Value).sort();
    expect(tags).toEqual(['customer-data', 'customer-user-data', 'internal', 'internal']);
  });

  test('S0-02 records the 14-day backup promise; S1-09 a 30-day one', () => {
    const claim = (days: number) => {
      const stack = new ReferenceStack(new App(), 'Reference', { policy: { ...DEFAULT_POLICY, backup: BackupSchedule.daily(Duration.days(days)) } });
      const meta = Template.fromStack(stack).toJSON().Metadata['cdk-data-protection'];
      return meta.claims.find((c: any) => c.id === 'DP-BACKUP-RETENTION').expected[0];
    };
    expect(claim(14)).toEqual({ property: 'backupRetentionDays', value: '14' });
    expect(claim(30)).toEqual({ property: 'backupRetentionDays', value: '30' });
  });

  test('matches the snapshot', () => {
    const stack = new ReferenceStack(new App(), 'Reference', { policy: DEFAULT_POLICY });
    expect(normalised(Template.fromStack(stack))).toMatchSnapshot();
  });
});
