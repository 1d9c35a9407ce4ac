import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataClass, SecureBucket } from '../../lib';
import { stackWithPolicy } from '../helpers/compliance';

/** A fake `@aws-sdk/client-s3`: each command records its input; `objects` maps keys to tags. */
function fakeS3(objects: Record<string, Record<string, string>>) {
  const calls: Array<[string, any]> = [];
  const command = (name: string) => class {
    constructor(public readonly input: any) {}
    get name() {
      return name;
    }
  };
  const module = {
    S3Client: class {
      async send(cmd: any) {
        calls.push([cmd.name, cmd.input]);
        if (cmd.name === 'GetObjectTagging') {
          const tags = objects[cmd.input.Key];
          if (!tags) throw Object.assign(new Error('no such key'), { name: 'NoSuchKey' });
          return { VersionId: 'v1', TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
        }
        if (cmd.name === 'ListObjectsV2') {
          return { Contents: Object.keys(objects).filter((k) => k.startsWith(cmd.input.Prefix)).map((Key) => ({ Key })) };
        }
        return {};
      }
    },
    CopyObjectCommand: command('CopyObject'),
    DeleteObjectCommand: command('DeleteObject'),
    GetObjectTaggingCommand: command('GetObjectTagging'),
    ListObjectsV2Command: command('ListObjectsV2'),
  };
  return { module, calls };
}

/** The mover's handler as SecureBucket writes it, loaded with the fake S3 client. */
function handlerOf(objects: Record<string, Record<string, string>>) {
  const stack = stackWithPolicy();
  new SecureBucket(stack, 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, expireEndedObjectsAfter: Duration.days(1095) });
  const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any;
  const code: string = fn.Properties.Code.ZipFile;
  const { module, calls } = fakeS3(objects);
  const exports: any = {};
  const env = { BUCKET: 'data-bucket', ENDED_PREFIX: 'ended/', TAG_KEY: 'data-lifecycle', TAG_VALUE: 'ended' };
  new Function('require', 'exports', 'process', code)(() => module, exports, { env });
  expect(code.length).toBeLessThanOrEqual(4096); // CloudFormation's inline ZipFile limit
  return { handler: exports.handler as (event: any) => Promise<any>, calls };
}

const tagged = (key: string) => ({ detail: { bucket: { name: 'data-bucket' }, object: { key } } });

describe('the ended-data mover (S3-05: the clock starts when the relationship ends)', () => {
  test('S3-05 an object tagged data-lifecycle=ended is copied under ended/ (a new object: its age starts now), then the original deleted', async () => {
    // GIVEN
    const { handler, calls } = handlerOf({ 'tenants/acme/a b.txt': { 'data-lifecycle': 'ended' } });
    // WHEN
    const result = await handler(tagged('tenants/acme/a b.txt'));
    // THEN
    expect(result).toEqual({ moved: 1 });
    expect(calls.map(([name]) => name)).toEqual(['GetObjectTagging', 'CopyObject', 'DeleteObject']);
    expect(calls[1][1]).toEqual({
      Bucket: 'data-bucket',
      Key: 'ended/tenants/acme/a b.txt',
      CopySource: 'data-bucket/tenants/acme/a%20b.txt?versionId=v1',
      MetadataDirective: 'COPY',
      TaggingDirective: 'COPY',
    });
    expect(calls[2][1]).toEqual({ Bucket: 'data-bucket', Key: 'tenants/acme/a b.txt' });
  });

  test('S3-05 an event key S3 URL-encoded is decoded when the raw key does not exist', async () => {
    const { handler, calls } = handlerOf({ 'tenants/acme/a b.txt': { 'data-lifecycle': 'ended' } });
    expect(await handler(tagged('tenants/acme/a+b.txt'))).toEqual({ moved: 1 });
    expect(calls.filter(([n]) => n === 'DeleteObject')).toEqual([['DeleteObject', { Bucket: 'data-bucket', Key: 'tenants/acme/a b.txt' }]]);
  });

  test('S3-05 nothing is moved or deleted for another tag, or for data already under ended/', async () => {
    const { handler, calls } = handlerOf({ 'a.txt': { 'data-lifecycle': 'active' }, 'ended/b.txt': { 'data-lifecycle': 'ended' } });
    expect(await handler(tagged('a.txt'))).toEqual({ moved: 0 });
    expect(await handler(tagged('ended/b.txt'))).toEqual({ moved: 0 });
    expect(calls.map(([name]) => name)).toEqual(['GetObjectTagging', 'GetObjectTagging']);
  });

  test('S3-05 invoked with a customer\'s prefix, every object under it is moved; a missing or ended/ prefix is refused', async () => {
    const { handler, calls } = handlerOf({ 'tenants/acme/1': {}, 'tenants/acme/2': {}, 'tenants/globex/1': {} });
    expect(await handler({ prefix: 'tenants/acme/' })).toEqual({ moved: 2 });
    expect(calls.filter(([n]) => n === 'CopyObject').map(([, i]) => i.Key)).toEqual(['ended/tenants/acme/1', 'ended/tenants/acme/2']);
    await expect(handler({})).rejects.toThrow(/invoke with \{"prefix"/);
    await expect(handler({ prefix: 'ended/x/' })).rejects.toThrow(/outside ended\//);
    await expect(handler({ prefix: 'tenants' })).rejects.toThrow(/ending in \//);
  });
});
