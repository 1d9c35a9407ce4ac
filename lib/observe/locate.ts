import { CallLabel, unread } from './context';
import type { StackState } from './stacks';
import type { ResourceView } from '../evidence/model';
import type { ObservedFact } from '../evidence/observation';

/** A resource of the template found in its deployed stack. */
export interface Located {
  readonly state: StackState;
  readonly resource: ResourceView;
  /** The physical id (a name, an id or an ARN, as CloudFormation returns it for the type). */
  readonly id: string;
  readonly region: string;
  readonly account?: string;
}

/**
 * The deployed resources of a list of template resources. A resource of a stack that is not
 * deployed is skipped (the stack's own fact says why); a resource missing from a deployed stack
 * becomes an unread fact.
 */
export function locateAll(states: ReadonlyMap<string, StackState>, resources: ResourceView[], source: string, propertyPath: string, expected: string):
{ located: Located[]; facts: ObservedFact[] } {
  const located: Located[] = [];
  const facts: ObservedFact[] = [];
  for (const resource of resources) {
    const state = states.get(resource.stack);
    if (!state?.deployed || !state.region) {
      continue;
    }
    const id = state.physical.get(resource.logicalId);
    if (!id) {
      const where: CallLabel = { source, region: state.region, account: state.account, resource: `${state.stack.stackName}/${resource.logicalId}` };
      facts.push(unread(where, propertyPath, expected, `${resource.logicalId} (${resource.type}) is not among the deployed stack's resources`));
      continue;
    }
    located.push({ state, resource, id, region: state.region, account: state.account });
  }
  return { located, facts };
}

/** The ARN of a data store from its physical id, for the calls that filter by resource ARN. */
export function storeArn(l: Located): string | undefined {
  const p = l.state.partition;
  const a = l.account ?? '';
  switch (l.resource.type) {
    case 'AWS::RDS::DBInstance': return `arn:${p}:rds:${l.region}:${a}:db:${l.id}`;
    case 'AWS::RDS::DBCluster': return `arn:${p}:rds:${l.region}:${a}:cluster:${l.id}`;
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': return `arn:${p}:dynamodb:${l.region}:${a}:table/${l.id}`;
    case 'AWS::S3::Bucket': return `arn:${p}:s3:::${l.id}`;
    case 'AWS::EFS::FileSystem': return `arn:${p}:elasticfilesystem:${l.region}:${a}:file-system/${l.id}`;
    case 'AWS::EC2::Volume': return `arn:${p}:ec2:${l.region}:${a}:volume/${l.id}`;
    default: return undefined;
  }
}

/** A template value as text, or undefined when it is not a literal (a reference resolved at deploy time). */
export function literal(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
