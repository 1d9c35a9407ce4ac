import { ADMIN_VPN_VERIFIERS } from './admin-vpn-source';
import { ALERT_DELIVERY_VERIFIERS } from './alert-delivery';
import { ASSURANCE_VERIFIERS } from './assurance';
import { AUDIT_VERIFIERS } from './audit';
import { BACKUP_VERIFIERS } from './backup';
import { DATA_VERIFIERS } from './data';
import { DATABASE_AUDIT_VERIFIERS } from './database-audit';
import { ENDED_DATA_VERIFIERS } from './ended-data-expiry';
import { ENDPOINT_VERIFIERS } from './endpoints';
import { IDENTITY_VERIFIERS } from './identity';
import { NETWORK_VERIFIERS } from './network';
import { PII_DENY_VERIFIERS } from './pii-deny';
import { TENANCY_VERIFIERS } from './tenancy';
import { TENANT_KEY_VERIFIERS } from './tenant-keys';
import { Verifier } from '../model';

/** Every verifier, by the name the catalog's `checks` use. */
export const VERIFIERS: Record<string, Verifier> = {
  ...ASSURANCE_VERIFIERS,
  ...AUDIT_VERIFIERS,
  ...BACKUP_VERIFIERS,
  ...DATA_VERIFIERS,
  ...ENDPOINT_VERIFIERS,
  ...ENDED_DATA_VERIFIERS,
  ...IDENTITY_VERIFIERS,
  ...NETWORK_VERIFIERS,
  ...TENANCY_VERIFIERS,
  // Whole-chain verifiers that replace area verifiers of the same name: last.
  ...ALERT_DELIVERY_VERIFIERS,
  ...TENANT_KEY_VERIFIERS,
  ...ADMIN_VPN_VERIFIERS,
  ...DATABASE_AUDIT_VERIFIERS,
  ...PII_DENY_VERIFIERS,
};
