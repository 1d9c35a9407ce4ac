import * as fs from 'fs';
import * as path from 'path';
import { synthExample } from '../helpers/compliance';

describe('examples/quick-start', () => {
  test('S0-06 S0-02 synthesizes with every compliance pack and no unacknowledged finding', () => {
    // GIVEN / WHEN the app runs in a fresh directory (it calls app.synth(), which throws on any finding)
    const outdir = synthExample('examples/quick-start/app');
    // THEN the template is there, SSE-S3 as the page promises, with the claims recorded
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Recordings.template.json'), 'utf-8'));
    const bucket = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::S3::Bucket'
      && r.Properties.Tags?.some((t: any) => t.Value === 'customer-data')) as any;
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const claims = template.Metadata['cdk-data-protection'].claims;
    expect(claims.find((c: any) => c.id === 'DP-BACKUP-RETENTION').expected[0]).toEqual({ property: 'backupRetentionDays', value: '14' });
  });
});
