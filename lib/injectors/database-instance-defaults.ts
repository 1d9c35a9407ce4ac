import { Duration, InjectionContext, IPropertyInjector, RemovalPolicy } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { deletesData, freeId, policyFor, warnWeaker } from './injector-base';
import type { DataProtectionPolicy } from '../policy/data-protection-policy';
import { AtRestEncryption, MinimumTlsVersion } from '../policy/encryption';
import { secureKey } from '../private/kms-defaults';
import { RDS_BACKUP_RETENTION } from '../private/validate';

/**
 * The policy's defaults for a plain `rds.DatabaseInstance` (claims S0-01, S2-02, S2-03, S2-07), where
 * the props leave them unset: storage encrypted, when the policy encrypts with KMS with a rotating
 * customer-managed key of its own (`<id>Key`, next to the instance) that also encrypts the generated
 * credentials secret; TLS required of clients, at the policy's minimum version (the `parameters` of
 * PostgreSQL, MySQL and MariaDB: `rds.force_ssl` and `ssl_min_protocol_version`, or
 * `require_secure_transport` and `tls_version`; a `parameterGroup` given is left as it is);
 * automated backups kept for the policy's daily backup retention (RDS keeps 1 to 35 days), deletion
 * protection, no public access, and the instance kept when the stack is deleted. A prop set weaker
 * is kept, with the warning `cdk-data-protection:injected-default-weakened`. `SecureDatabase` adds
 * what an injector cannot: audit logs, the isolated subnets, the policy's backup plan.
 */
export class DatabaseInstanceDefaults implements IPropertyInjector {
  public readonly constructUniqueId = rds.DatabaseInstance.PROPERTY_INJECTION_ID;

  /**
   * @param policy the policy whose defaults are filled in; by default the one that applies to each instance
   */
  constructor(private readonly policy?: DataProtectionPolicy) {}

  public inject(originalProps: any, context: InjectionContext): any {
    const policy = policyFor(this.policy, context);
    const props = originalProps;
    const out: { -readonly [K in keyof rds.DatabaseInstanceProps]: rds.DatabaseInstanceProps[K] } = { ...props };
    const type = 'rds.DatabaseInstance';
    if (props.storageEncrypted === undefined) {
      out.storageEncrypted = true;
    } else if (!props.storageEncrypted && props.storageEncryptionKey === undefined) {
      warnWeaker(context, type, 'storageEncrypted', 'false', 'true');
    }
    if (policy.atRestEncryption === AtRestEncryption.KMS && out.storageEncrypted !== false
      && (props.storageEncryptionKey === undefined || props.credentials === undefined)) {
      const key = props.storageEncryptionKey ?? secureKey(context.scope, freeId(context, `${context.id}Key`),
        `Encrypts the storage and credentials of ${context.scope.node.path}/${context.id}`);
      out.storageEncryptionKey = key;
      if (props.credentials === undefined) {
        // What aws-cdk-lib generates without credentials, with the key instead of aws/secretsmanager.
        out.credentials = rds.Credentials.fromGeneratedSecret(props.engine.defaultUsername ?? 'admin', { encryptionKey: key });
      }
    }
    if (props.parameterGroup === undefined) {
      out.parameters = withTls(context, props.engine.engineType, props.parameters ?? {}, policy.minimumTlsVersion);
    }
    const days = Math.min(RDS_BACKUP_RETENTION.max, Math.max(RDS_BACKUP_RETENTION.min, policy.backup.retention.toDays()));
    if (props.backupRetention === undefined) {
      out.backupRetention = Duration.days(days);
    } else if (!props.backupRetention.isUnresolved() && props.backupRetention.toDays({ integral: false }) < days) {
      warnWeaker(context, type, 'backupRetention', props.backupRetention.toHumanString(), `${days} days`);
    }
    if (props.deletionProtection === undefined) {
      out.deletionProtection = true;
    } else if (!props.deletionProtection) {
      warnWeaker(context, type, 'deletionProtection', 'false', 'true');
    }
    if (props.publiclyAccessible === undefined) {
      out.publiclyAccessible = false;
    } else if (props.publiclyAccessible) {
      warnWeaker(context, type, 'publiclyAccessible', 'true', 'false');
    }
    if (props.removalPolicy === undefined) {
      out.removalPolicy = RemovalPolicy.RETAIN;
    } else if (deletesData(props.removalPolicy)) {
      warnWeaker(context, type, 'removalPolicy', 'DESTROY', 'RETAIN');
    }
    return out;
  }
}

/** The TLS parameters of an engine at the policy's minimum, added to `given` where it leaves them unset. */
function withTls(
  context: InjectionContext, engineType: string, given: Record<string, string>, tls: MinimumTlsVersion,
): Record<string, string> | undefined {
  const wanted: Record<string, string> | undefined = engineType === 'postgres'
    ? { 'rds.force_ssl': '1', 'ssl_min_protocol_version': `TLSv${tls.version}` }
    : engineType === 'mysql' || engineType === 'mariadb'
      ? { require_secure_transport: 'ON', tls_version: tls === MinimumTlsVersion.TLS_1_3 ? 'TLSv1.3' : 'TLSv1.2,TLSv1.3' }
      : undefined;
  if (wanted === undefined) {
    return Object.keys(given).length > 0 ? given : undefined;
  }
  for (const [name, value] of Object.entries(wanted)) {
    if (name in given && given[name] !== value) {
      warnWeaker(context, 'rds.DatabaseInstance', `parameters['${name}']`, `'${given[name]}'`, `'${value}'`);
    }
  }
  return { ...wanted, ...given };
}
