import { viewOfTemplate } from './helpers';
import { ResourceView } from '../../lib/evidence/model';
import {
  dig, everyResource, fact, isTrue, listOf, noResource, numberOf, referenced, referencedIds, refTarget, resourceFact, resourcesOf, show, stackOf,
  statementsOf, tagOf, valueAt,
} from '../../lib/evidence/query';

/**
 * The template readers every verifier relies on (lib/evidence/query.ts): a wrong answer here
 * would prove or fail claims for the wrong reason, so each reader is pinned down on its own.
 */

const one = viewOfTemplate({
  Resources: {
    Bucket: {
      Type: 'AWS::S3::Bucket',
      Properties: { Tags: [{ Key: 'data-class', Value: 'customer-data' }, { Key: 'n', Value: 1 }], Rules: [{ Status: 'Enabled' }] },
      Metadata: { 'aws:cdk:path': 'Stack/Bucket/Resource', 'note': { depth: 'x' } },
      DeletionPolicy: 'Retain',
    },
    Table: { Type: 'AWS::DynamoDB::Table', Properties: { Tags: { 'data-class': 'internal', 'count': 3 } } },
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
  },
}, { id: 'One' });
const two = viewOfTemplate({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: {} }, Other: { Type: 'AWS::S3::Bucket' } } }, { id: 'Two' });
const resource = (id: string, view = one): ResourceView => view.resources.find((r) => r.logicalId === id)!;

describe('query: reading templates', () => {
  test('resourcesOf lists the resources of the given types across stacks, in template order', () => {
    expect(resourcesOf([one, two], 'AWS::S3::Bucket').map((r) => `${r.stack}/${r.logicalId}`)).toEqual(['One/Bucket', 'Two/Other']);
    expect(resourcesOf([one, two], 'AWS::KMS::Key', 'AWS::DynamoDB::Table').map((r) => `${r.stack}/${r.logicalId}`))
      .toEqual(['One/Table', 'One/Key', 'Two/Key']);
    expect(resourcesOf([one])).toEqual([]);
  });

  test('refTarget reads Ref, Fn::GetAtt as a list and as a dotted string, and nothing else', () => {
    expect(refTarget({ Ref: 'Key' })).toBe('Key');
    expect(refTarget({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe('Key');
    expect(refTarget({ 'Fn::GetAtt': 'Key.Arn' })).toBe('Key');
    expect(refTarget({ Ref: 3 })).toBeUndefined();
    expect(refTarget({ 'Fn::GetAtt': [3, 'Arn'] })).toBeUndefined();
    expect(refTarget({ 'Fn::Join': ['', ['a']] })).toBeUndefined();
    expect(refTarget('Key')).toBeUndefined();
    expect(refTarget(null)).toBeUndefined();
  });

  test('referenced finds the target in the stack of the referring resource only', () => {
    expect(referenced([one, two], resource('Bucket'), { Ref: 'Key' })).toBe(resource('Key'));
    expect(referenced([one, two], resource('Other', two), { 'Fn::GetAtt': ['Key', 'Arn'] })).toBe(resource('Key', two));
    expect(referenced([one, two], resource('Other', two), { Ref: 'Table' })).toBeUndefined();
    expect(referenced([one, two], resource('Bucket'), 'Key')).toBeUndefined();
    expect(referenced([two], resource('Bucket'), { Ref: 'Key' })).toBeUndefined();
  });

  test('valueAt reads Properties, Metadata and resource attributes by dotted path, list indexes included', () => {
    expect(valueAt(resource('Bucket'), 'Properties.Rules.0.Status')).toBe('Enabled');
    expect(valueAt(resource('Bucket'), 'Metadata.note.depth')).toBe('x');
    expect(valueAt(resource('Bucket'), 'DeletionPolicy')).toBe('Retain');
    expect(valueAt(resource('Bucket'), 'Properties.Missing.Deeper')).toBeUndefined();
    expect(valueAt(resource('Bucket'), 'UpdateReplacePolicy')).toBeUndefined();
  });

  test('dig stops at undefined and null, and returns the value itself for no segments', () => {
    expect(dig({ a: { b: [1, 2] } }, ['a', 'b', '1'])).toBe(2);
    expect(dig({ a: null }, ['a', 'b'])).toBeUndefined();
    expect(dig(undefined, ['a'])).toBeUndefined();
    expect(dig('x', [])).toBe('x');
  });

  test('referencedIds collects Ref, both Fn::GetAtt forms and Fn::Sub names at any depth', () => {
    const value = {
      a: [{ Ref: 'A' }, { 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::GetAtt': 'C.Arn' }],
      b: { nested: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${D}/${E.Arn}/${!Escaped}' } },
      c: { Ref: 4 },
      d: { 'Fn::GetAtt': [5, 'x'] },
    };
    expect([...referencedIds(value)].sort()).toEqual(['A', 'AWS::Partition', 'B', 'C', 'D', 'E']);
  });

  test('referencedIds skips the Fn::Sub variables that the Sub defines itself, and reads the references inside them', () => {
    const value = { 'Fn::Sub': ['${Local}-${Outer} ${ Spaced }', { Local: { Ref: 'Inner' }, Spaced: 'x' }] };
    expect([...referencedIds(value)].sort()).toEqual(['Inner', 'Outer']);
    expect([...referencedIds({ 'Fn::Sub': [42, { V: { Ref: 'R' } }] })]).toEqual(['R']);
    expect([...referencedIds({ 'Fn::Sub': '${Only}' })]).toEqual(['Only']);
    expect([...referencedIds('plain')]).toEqual([]);
  });

  test('show, isTrue and numberOf read template values as reviewers and CloudFormation do', () => {
    expect(show(undefined)).toBe('(absent)');
    expect(show('text')).toBe('text');
    expect(show({ a: [1] })).toBe('{"a":[1]}');
    expect(show(null)).toBe('null');
    expect([true, 'true'].map(isTrue)).toEqual([true, true]);
    expect([false, 'false', 'TRUE', 1, undefined].map(isTrue)).toEqual([false, false, false, false, false]);
    expect([14, '14', '-3', '2.5', '1e3', '14 days', '', '.5', '5.', undefined].map(numberOf))
      .toEqual([14, 14, -3, 2.5, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('tagOf reads string tags from Key/Value lists and from maps', () => {
    expect(tagOf(resource('Bucket'), 'data-class')).toBe('customer-data');
    expect(tagOf(resource('Bucket'), 'n')).toBeUndefined();
    expect(tagOf(resource('Bucket'), 'missing')).toBeUndefined();
    expect(tagOf(resource('Table'), 'data-class')).toBe('internal');
    expect(tagOf(resource('Table'), 'count')).toBeUndefined();
    expect(tagOf(resource('Key'), 'data-class')).toBeUndefined();
    expect(tagOf({ ...resource('Key'), properties: { Tags: [null, { Key: 'k', Value: 'v' }] } }, 'k')).toBe('v');
  });

  test('statementsOf and listOf take a single item or a list', () => {
    const st = { Effect: 'Deny' };
    expect(statementsOf({ Statement: [st, st] })).toEqual([st, st]);
    expect(statementsOf({ Statement: st })).toEqual([st]);
    expect(statementsOf({})).toEqual([]);
    expect(statementsOf(undefined)).toEqual([]);
    expect(listOf('a')).toEqual(['a']);
    expect(listOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(listOf(undefined)).toEqual([]);
    expect(listOf(null as any)).toEqual([]);
    expect(listOf(0)).toEqual([0]);
  });

  test('stackOf finds the stack that holds a resource', () => {
    expect(stackOf([one, two], resource('Other', two))).toBe(two);
    expect(stackOf([one], resource('Other', two))).toBeUndefined();
  });
});

describe('query: stating facts', () => {
  test('resourceFact reads the value at the path and names the resource', () => {
    expect(resourceFact(resource('Bucket'), 'DeletionPolicy', 'Retain', true)).toEqual({
      stack: 'One',
      logicalId: 'Bucket',
      constructPath: 'Stack/Bucket/Resource',
      propertyPath: 'DeletionPolicy',
      expected: 'Retain',
      found: 'Retain',
      satisfied: true,
      note: undefined,
    });
    expect(resourceFact(resource('Key'), 'Properties.EnableKeyRotation', 'true', false, 'why')).toMatchObject({ found: '(absent)', note: 'why' });
  });

  test('fact shows the value it is given', () => {
    expect(fact({ stack: 'S' }, 'p', 'e', 3, false)).toEqual({
      stack: 'S', logicalId: undefined, constructPath: undefined, propertyPath: 'p', expected: 'e', found: '3', satisfied: false, note: undefined,
    });
  });

  test('noResource names the stacks, or says that no stack records the claim', () => {
    expect(noResource([one, two], 'AWS::WAFv2::WebACL', 'a web ACL')).toEqual({
      stack: 'One, Two',
      propertyPath: 'Resources[Type=AWS::WAFv2::WebACL]',
      expected: 'a web ACL',
      found: '(none)',
      satisfied: false,
      note: 'no AWS::WAFv2::WebACL in the templates',
    });
    expect(noResource([], 'X', 'e').stack).toBe('(no stack records the claim)');
  });

  test('everyResource checks each resource of the types, or states that there is none', () => {
    // WHEN
    const facts = everyResource([one, two], ['AWS::KMS::Key'], 'rotation', (r) => [fact(r, 'a', 'e', r.stack, true), fact(r, 'b', 'e', r.stack, true)]);
    const none = everyResource([one], ['AWS::SNS::Topic', 'AWS::SQS::Queue'], 'encrypted', () => { throw new Error('not called'); });
    const single = everyResource([one], 'AWS::DynamoDB::Table', 'tagged', (r) => fact(r, 'p', 'e', r.logicalId, true));

    // THEN
    expect(facts.map((f) => `${f.found}.${f.propertyPath}`)).toEqual(['One.a', 'One.b', 'Two.a', 'Two.b']);
    expect(none).toEqual([expect.objectContaining({ propertyPath: 'Resources[Type=AWS::SNS::Topic or AWS::SQS::Queue]', found: '(none)', satisfied: false })]);
    expect(single).toEqual([expect.objectContaining({ found: 'Table' })]);
  });
});
