import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

describe('examples/quick-start', () => {
  test('S0-06 S0-02 synthesizes with every compliance pack and no unacknowledged finding', () => {
    // GIVEN the example writes into a fresh directory
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-example-'));
    process.env.CDK_OUTDIR = outdir;
    try {
      // WHEN the app runs (it calls app.synth(), which throws on any finding)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jest.isolateModules(() => require('../../examples/quick-start/app'));
    } finally {
      delete process.env.CDK_OUTDIR;
    }
    // THEN the template is there, SSE-S3 as the page promises, with the claims recorded
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Recordings.template.json'), 'utf-8'));
    const bucket = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::S3::Bucket'
      && r.Properties.Tags?.some((t: any) => t.Value === 'customer-data')) as any;
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const claims = template.Metadata['cdk-data-protection'].claims;
    expect(claims.find((c: any) => c.id === 'DP-BACKUP-RETENTION').expected[0]).toEqual({ property: 'backupRetentionDays', value: '14' });
  });
});
