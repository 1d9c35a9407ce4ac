import { ResourceView, StackView } from './model';
import { listOf, show } from './query';
import { DATA_CLASS_TAG } from '../private/data-store-types';

/*
 * The tags of a data store as templates hold them (data class, purpose, tenant), wherever its
 * type keeps tags, and the words the register uses for what the templates cannot show.
 */
/** The tag that states why a data store exists, when its owner sets one. */
export const PURPOSE_TAG = 'purpose';


/** What `RegisterEntry.encryption` says of a store the templates show no encryption for. */
export const NO_ENCRYPTION = 'none found';

/** What `RegisterEntry.encryption` starts with when the templates cannot say. */
export const UNREADABLE_ENCRYPTION = 'unreadable';

/** The region of a stack without one (`RegisterEntry.region`). */
export const NO_REGION = '(environment-agnostic)';

/** The pseudo parameters an ARN built with `Fn::Join` may hold; they do not change what the ARN names. */
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId']);

/**
 * A template value as literal text: a string, or an `Fn::Join` of strings and pseudo parameters
 * (rendered `${AWS::AccountId}`). Undefined for anything else (`Ref` to a parameter, `Fn::If`, ...).
 */
export function literalText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as any)?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p: any) => (typeof p === 'string' ? p : PSEUDO_PARAMETERS.has(p?.Ref) ? `\${${p.Ref}}` : undefined));
    return parts.every((p: string | undefined) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  return undefined;
}

/** A tag of a resource: its value (a literal, or the intrinsic as compact JSON) and where tags sit. */
export interface TagView {
  readonly value?: string;
  /** Where the resource keeps its tags: `Properties.Tags`, `Properties.BackupVaultTags`, ... */
  readonly propertyPath: string;
  /** Whether the value is an intrinsic the template cannot resolve. */
  readonly unresolved?: boolean;
}

/** The tag `key` from a list of `{ Key, Value }` or a map. */
function tagIn(tags: unknown, key: string): { value?: string; unresolved?: boolean } {
  let value: unknown;
  if (Array.isArray(tags)) {
    value = tags.find((t: any) => t?.Key === key)?.Value;
  } else if (tags && typeof tags === 'object') {
    value = (tags as Record<string, unknown>)[key];
  }
  if (value === undefined) {
    return {};
  }
  return typeof value === 'string' ? { value } : { value: show(value), unresolved: true };
}

/**
 * A tag of a resource, wherever its type keeps tags: `Tags` (a list or a map),
 * `BackupVaultTags` (Backup vaults), `FileSystemTags` (EFS) or the tags of every replica
 * (DynamoDB global tables, which have no resource tags; replicas that disagree give `a|b`).
 */
export function tagOfResource(resource: ResourceView, key: string): TagView {
  switch (resource.type) {
    case 'AWS::Backup::BackupVault':
      return { ...tagIn(resource.properties.BackupVaultTags, key), propertyPath: 'Properties.BackupVaultTags' };
    case 'AWS::EFS::FileSystem':
      return { ...tagIn(resource.properties.FileSystemTags, key), propertyPath: 'Properties.FileSystemTags' };
    case 'AWS::Cognito::UserPool':
      return { ...tagIn(resource.properties.UserPoolTags, key), propertyPath: 'Properties.UserPoolTags' };
    case 'AWS::DynamoDB::GlobalTable': {
      const values = listOf<any>(resource.properties.Replicas).map((r) => tagIn(r?.Tags, key));
      const propertyPath = 'Properties.Replicas.*.Tags';
      if (values.length === 0 || values.some((v) => v.value === undefined)) {
        return { propertyPath };
      }
      const distinct = [...new Set(values.map((v) => v.value!))];
      return { value: distinct.join('|'), propertyPath, unresolved: values.some((v) => v.unresolved) || undefined };
    }
    default:
      return { ...tagIn(resource.properties.Tags, key), propertyPath: 'Properties.Tags' };
  }
}

/** The data-class tag of a resource. */
export function dataClassOf(resource: ResourceView): TagView {
  return tagOfResource(resource, DATA_CLASS_TAG);
}

/** The class of `name` in the policy record of the resource's stack, if declared. */
export function declaredClass(stack: StackView | undefined, name: string | undefined) {
  return name === undefined ? undefined : stack?.policy?.dataClasses.find((c) => c.name === name);
}
