import { IConstruct } from 'constructs';
import { describeValue } from './describe-value';
import { DataProtectionError } from './errors';
import { requireSameRegion } from './region-validation';

/**
 * Props checks that run first in every constructor (issue 20 item 5): a missing props object or
 * required prop, and a value of the wrong kind (a string where an enum-like class is expected, a
 * construct of this library where a plain aws-cdk-lib resource is expected), are refused with an
 * error naming the prop, the value received and what is allowed, instead of a TypeError deep in
 * the constructor or in aws-cdk-lib.
 *
 * Kinds are recognised by shape, not `instanceof`, so that values from another copy of the
 * library or of aws-cdk-lib are accepted when they would work.
 */
export interface Kind {
  /** What is allowed, for the message (`a DataClass such as DataClass.CUSTOMER_DATA`). */
  readonly allowed: string;
  /** Whether `v` is of the kind. */
  readonly test: (v: any) => boolean;
}

const hasFunctions = (v: any, ...names: string[]): boolean =>
  v !== null && typeof v === 'object' && names.every((n) => typeof v[n] === 'function');
const hasStrings = (v: any, ...names: string[]): boolean =>
  v !== null && typeof v === 'object' && names.every((n) => typeof v[n] === 'string');

/** The kinds of value the constructs take, by shape. */
export const KINDS = {
  DATA_CLASS: {
    allowed: 'a DataClass such as DataClass.CUSTOMER_DATA, or one made by DataClass.custom()',
    test: (v: any) => hasStrings(v, 'name', 'label') && typeof v.personalData === 'boolean' && v.minimumEncryption !== undefined,
  },
  AT_REST_ENCRYPTION: {
    allowed: 'an AtRestEncryption such as AtRestEncryption.KMS',
    test: (v: any) => hasStrings(v, 'name') && typeof v.strength === 'number' && hasFunctions(v, 'isAtLeast'),
  },
  MINIMUM_TLS_VERSION: {
    allowed: 'a MinimumTlsVersion such as MinimumTlsVersion.TLS_1_2',
    test: (v: any) => hasStrings(v, 'name') && typeof v.version === 'number',
  },
  BACKUP_SCHEDULE: {
    allowed: 'a BackupSchedule such as BackupSchedule.daily(Duration.days(14))',
    test: (v: any) => hasStrings(v, 'frequency', 'summary') && Array.isArray(v.rules),
  },
  BUCKET: {
    allowed: 'an s3.IBucket (for a SecureBucket, pass its .bucket)',
    test: (v: any) => hasStrings(v, 'bucketName', 'bucketArn') && hasFunctions(v, 'addToResourcePolicy', 'grantPut'),
  },
  VPC: {
    allowed: 'an ec2.IVpc (for a SecureNetwork, pass its .vpc)',
    test: (v: any) => hasStrings(v, 'vpcId') && hasFunctions(v, 'selectSubnets'),
  },
  KEY: {
    allowed: 'a kms.IKey (for a construct of this library, pass its encryptionKey)',
    test: (v: any) => hasStrings(v, 'keyArn', 'keyId') && hasFunctions(v, 'grantEncryptDecrypt'),
  },
  TOPIC: {
    allowed: 'an sns.ITopic (for an IncidentResponse, pass its .topic)',
    test: (v: any) => hasStrings(v, 'topicArn') && hasFunctions(v, 'addSubscription'),
  },
  LOG_GROUP: {
    allowed: 'a logs.ILogGroup (for an ApplicationLogGroup, pass its .logGroup)',
    test: (v: any) => hasStrings(v, 'logGroupName', 'logGroupArn') && hasFunctions(v, 'addMetricFilter'),
  },
  SECURE_BACKUP_VAULT: {
    allowed: 'a SecureBackupVault of this library',
    test: (v: any) => hasStrings(v, 'backupVaultName', 'backupVaultArn') && v.lock !== undefined && v.vault !== undefined,
  },
  SECURE_BUCKET: {
    allowed: 'a SecureBucket of this library',
    test: (v: any) => v !== null && typeof v === 'object' && v.dataClass !== undefined && v.bucket !== undefined && v.encryption !== undefined,
  },
  PRINCIPAL: {
    allowed: 'an iam.IPrincipal',
    test: (v: any) => v !== null && typeof v === 'object' && v.policyFragment !== undefined,
  },
  STRING: {
    allowed: 'a string',
    test: (v: any) => typeof v === 'string',
  },
  STRING_ARRAY: {
    allowed: 'an array of strings',
    test: (v: any) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  },
  OBJECT: {
    allowed: 'an object',
    test: (v: any) => v !== null && typeof v === 'object',
  },
} satisfies Record<string, Kind>;

/** What a construct takes: its required props and the kind of each prop that has one. */
export interface PropsSpec {
  /** The props that must be given. */
  readonly required: string[];
  /** The kind of each prop (required or optional) whose value has one. */
  readonly kinds: Record<string, Kind>;
  /** The kind of the elements of each array prop whose elements have one. */
  readonly arrays?: Record<string, Kind>;
  /** The props holding regional resources (or their ARNs), which must be in the region of the construct's stack. */
  readonly regional?: string[];
}

/**
 * Refuses a missing props object, a missing required prop and a value of the wrong kind, before
 * the constructor does anything else.
 *
 * @param construct the construct's class name, for the message when no props were given
 */
export function validatePropsShape(scope: IConstruct, construct: string, props: unknown, spec: PropsSpec): void {
  if (props === undefined || props === null || typeof props !== 'object') {
    if (spec.required.length === 0 && props === undefined) {
      return;
    }
    const needed = spec.required.map((p) => `${p}: ${spec.kinds[p]?.allowed ?? 'required'}`).join('; ');
    throw new DataProtectionError(`${construct} needs props giving ${needed}; got ${props === undefined ? 'no props' : describeValue(props)}`, scope);
  }
  const given = props as Record<string, unknown>;
  for (const prop of spec.required) {
    if (given[prop] === undefined || given[prop] === null) {
      throw new DataProtectionError(`${prop} is required (${spec.kinds[prop]?.allowed ?? `a value for ${construct}`}), got ${describeValue(given[prop])}`, scope);
    }
  }
  for (const [prop, kind] of Object.entries(spec.kinds)) {
    requireKind(scope, prop, given[prop], kind);
  }
  for (const [prop, kind] of Object.entries(spec.arrays ?? {})) {
    requireKinds(scope, prop, given[prop], kind);
  }
  for (const prop of spec.regional ?? []) {
    requireSameRegion(scope, prop, given[prop]);
  }
}

/** Refuses `value` (when given) unless it is of `kind`; an array's elements are checked one by one. */
export function requireKind(scope: IConstruct | undefined, prop: string, value: unknown, kind: Kind): void {
  if (value === undefined || kind.test(value)) {
    return;
  }
  throw new DataProtectionError(`${prop} must be ${kind.allowed}, got ${describeValue(value)}`, scope);
}

/** Refuses `values` (when given) unless it is an array whose every element is of `kind`. */
export function requireKinds(scope: IConstruct | undefined, prop: string, values: unknown, kind: Kind): void {
  if (values === undefined) {
    return;
  }
  if (!Array.isArray(values)) {
    throw new DataProtectionError(`${prop} must be an array of ${kind.allowed.replace(/^an? /, '')}, got ${describeValue(values)}`, scope);
  }
  values.forEach((v, i) => requireKind(scope, `${prop}[${i}]`, v, kind));
}
