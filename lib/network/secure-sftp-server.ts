import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as transfer from 'aws-cdk-lib/aws-transfer';
import { Construct } from 'constructs';
import { Compliance } from '../compliance/acknowledgement';
import { DataClass } from '../policy/data-class';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { DataProtectionError } from '../private/errors';
import { encryptedLogGroup, stackLogKey } from '../private/logs-defaults';
import { PROPS } from '../private/props-specs';
import { validatePropsShape } from '../private/props-validation';
import { SFTP_FIPS_SECURITY_POLICY, SFTP_SECURITY_POLICY } from '../private/tls-policy-names';
import { literalVpcCidr, selectSomeSubnets } from '../private/vpc-defaults';
import { SecureBucket } from '../storage/secure-bucket';

/** The banner shown before authentication when no `loginBanner` is given. */
const DEFAULT_LOGIN_BANNER = 'Authorized users only. Every session and file transfer on this server is logged and monitored.';

/** Transfer Family banners are at most 512 printable ASCII characters (tab to carriage return included). */
const BANNER_MAX = 512;

/** A VPC endpoint of Transfer Family takes at most three Elastic IP addresses, one per subnet. */
const MAX_INTERNET_FACING_SUBNETS = 3;

/** The SSH public key types Transfer Family accepts for service-managed users. */
const SSH_KEY_TYPES = ['ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-ed25519'];

/**
 * Makes a `SecureSftpServer` reachable from the internet, from an allow-list only.
 */
export interface SftpInternetFacing {
  /**
   * The IPv4 or IPv6 CIDR blocks of the partners allowed to connect on port 22. At least one;
   * Blocks wider than /8 (IPv4) or /32 (IPv6), `0.0.0.0/0` and `::/0` among them, are refused.
   */
  readonly allowedCidrs: string[];
}

/**
 * Properties of a `SecureSftpServer`.
 */
export interface SecureSftpServerProps {
  /**
   * The VPC that hosts the server's endpoint.
   *
   * Must be in the region of the construct's stack, or it is refused at synthesis naming both regions; a region
   * that is a token (an environment-agnostic stack, an ARN from a parameter) cannot be compared and is not checked.
   */
  readonly vpc: ec2.IVpc;

  /**
   * Make the endpoint internet-facing: Elastic IP addresses in public subnets, and a security group
   * that admits port 22 from `allowedCidrs` only.
   *
   * @default - the endpoint is private: reachable from the VPC's CIDR block only
   */
  readonly internetFacing?: SftpInternetFacing;

  /**
   * The subnets of the endpoint (at most three when internet-facing).
   *
   * @default - the private subnets with egress; the public subnets when `internetFacing`
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * The bucket that holds the users' files (under `home/<userName>/`).
   *
   * @default - a new `SecureBucket` of `dataClass`
   */
  readonly bucket?: SecureBucket;

  /**
   * The data class of the new bucket. Only without `bucket`.
   *
   * @default DataClass.CUSTOMER_DATA
   */
  readonly dataClass?: DataClass;

  /**
   * Use the FIPS 140-validated variant of the security policy.
   *
   * @default false - `TransferSecurityPolicy-2025-03`
   */
  readonly fips?: boolean;

  /**
   * The banner shown before authentication: 1 to 512 printable ASCII characters. SFTP supports no
   * banner after authentication (`PostAuthenticationLoginBanner` applies to FTP and FTPS only).
   *
   * @default - an authorized-use notice
   */
  readonly loginBanner?: string;
}

/**
 * Options of a user of a `SecureSftpServer`.
 */
export interface SftpUserOptions {
  /**
   * The user name: 3 to 100 letters, digits, `_`, `-`, `.` or `@`, starting with a letter, digit or `_`.
   */
  readonly userName: string;

  /**
   * The user's SSH public keys, in OpenSSH format (`ssh-ed25519 AAAA... comment`); at least one.
   * Types: `ssh-rsa`, `ecdsa-sha2-nistp256`, `ecdsa-sha2-nistp384`, `ecdsa-sha2-nistp521`, `ssh-ed25519`.
   */
  readonly sshPublicKeys: string[];
}

/**
 * Properties of an `SftpUser`.
 */
export interface SftpUserProps extends SftpUserOptions {
  /** The server the user signs in to. */
  readonly server: SecureSftpServer;
}

/**
 * An AWS Transfer Family SFTP server for file exchange with customers and partners
 * (claims S1-02, S0-08):
 * - SFTP only, with the newest security policy (`TransferSecurityPolicy-2025-03`, or its FIPS variant);
 * - service-managed users with SSH keys only (no passwords), each locked into `home/<userName>/`
 *   of the bucket by a logical home directory and a role that reaches only that prefix;
 * - a VPC endpoint: private (port 22 from the VPC only) or internet-facing with Elastic IP
 *   addresses and port 22 from an allow-list only, never from anywhere;
 * - files in a `SecureBucket` (encrypted, versioned, TLS-only, access-logged);
 * - structured JSON logs of every session and transfer to a KMS-encrypted log group kept for the
 *   policy's log retention (no logging role needed);
 * - an authorized-use banner before authentication.
 *
 * Cost (us-east-1, 2026 prices): 0.30 USD per hour while the server exists (about 219 USD a month),
 * plus 0.04 USD per GB uploaded or downloaded; internet-facing adds 0.005 USD per Elastic IP hour
 * (about 3.65 USD a month each); S3, KMS and CloudWatch Logs at their own rates.
 *
 * The `transfer.CfnServer` is the child `Resource` (`node.defaultChild`).
 */
export class SecureSftpServer extends Construct {
  /**
   * The newest Transfer Family security policy (March 2025), with hybrid post-quantum (ML-KEM)
   * SSH key exchange.
   *
   * @see https://docs.aws.amazon.com/transfer/latest/userguide/security-policies.html
   */
  public static readonly SECURITY_POLICY = SFTP_SECURITY_POLICY;

  /** The FIPS 140-validated variant of `SECURITY_POLICY`. */
  public static readonly FIPS_SECURITY_POLICY = SFTP_FIPS_SECURITY_POLICY;

  /** The Transfer Family server. */
  public readonly server: transfer.CfnServer;
  /** The bucket that holds the users' files. */
  public readonly bucket: SecureBucket;
  /** The security group of the server's endpoint. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The log group of the server's structured logs. */
  public readonly logGroup: logs.LogGroup;
  /** The name of the security policy. */
  public readonly securityPolicyName: string;
  /** The Elastic IP addresses of an internet-facing endpoint (empty when private): the addresses partners allow-list. */
  public readonly publicIps: string[];
  /** Whether the endpoint is internet-facing. */
  public readonly internetFacing: boolean;

  private readonly userNames = new Set<string>();

  constructor(scope: Construct, id: string, props: SecureSftpServerProps) {
    super(scope, id);
    validatePropsShape(this, 'SecureSftpServer', props, PROPS.SecureSftpServer);
    const policy = DataProtectionPolicy.of(this);
    if (props.bucket && props.dataClass) {
      throw new DataProtectionError(
        `dataClass '${props.dataClass.name}' applies only to the bucket the server creates; the given bucket has data class '${props.bucket.dataClass.name}'`, this);
    }
    const allowedCidrs = props.internetFacing ? validateAllowedCidrs(this, props.internetFacing.allowedCidrs) : [];
    this.internetFacing = props.internetFacing !== undefined;
    const loginBanner = validateLoginBanner(this, props.loginBanner ?? DEFAULT_LOGIN_BANNER);
    const subnets = selectSubnets(this, props.vpc, props.subnets, this.internetFacing);

    this.bucket = props.bucket ?? new SecureBucket(this, 'Bucket', { dataClass: props.dataClass ?? DataClass.CUSTOMER_DATA });
    this.securityPolicyName = props.fips ? SecureSftpServer.FIPS_SECURITY_POLICY : SecureSftpServer.SECURITY_POLICY;

    // Under /aws/vendedlogs/: Transfer Family delivers structured logs as vended logs, through the
    // account's log resource policy, which stays small for names under this prefix.
    this.logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: `/aws/vendedlogs/cdk-data-protection/${this.node.path}/sftp`,
      retention: policy.logRetention,
      key: stackLogKey(Stack.of(this)),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `SFTP server ${this.node.path}: port 22 from ${this.internetFacing ? 'the allow-list' : 'the VPC'} only`,
      allowAllOutbound: false,
    });
    if (this.internetFacing) {
      for (const cidr of allowedCidrs) {
        const peer = cidr.includes(':') ? ec2.Peer.ipv6(cidr) : ec2.Peer.ipv4(cidr);
        this.securityGroup.addIngressRule(peer, ec2.Port.tcp(22), `SFTP from allow-listed ${cidr}`);
      }
    } else {
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(literalVpcCidr(props.vpc) ?? props.vpc.vpcCidrBlock), ec2.Port.tcp(22), 'SFTP from the VPC');
    }

    const eips = this.internetFacing
      ? subnets.map((subnet, i) => new ec2.CfnEIP(this, `ElasticIp${i}`, {
        domain: 'vpc',
        tags: [{ key: 'Name', value: `${this.node.path} ${subnet.availabilityZone}` }],
      }))
      : [];
    this.publicIps = eips.map((eip) => eip.attrPublicIp);

    this.server = new transfer.CfnServer(this, 'Resource', {
      domain: 'S3',
      protocols: ['SFTP'],
      identityProviderType: 'SERVICE_MANAGED',
      endpointType: 'VPC',
      endpointDetails: {
        vpcId: props.vpc.vpcId,
        subnetIds: subnets.map((s) => s.subnetId),
        securityGroupIds: [this.securityGroup.securityGroupId],
        addressAllocationIds: eips.length > 0 ? eips.map((eip) => eip.attrAllocationId) : undefined,
      },
      securityPolicyName: this.securityPolicyName,
      structuredLogDestinations: [this.logGroup.logGroupArn],
      preAuthenticationLoginBanner: loginBanner,
    });
  }

  /** The server id (`s-...`). */
  public get serverId(): string {
    return this.server.attrServerId;
  }

  /** The server ARN. */
  public get serverArn(): string {
    return this.server.attrArn;
  }

  /**
   * Adds a service-managed user whose home is `home/<userName>/` of the bucket, with a role
   * that reaches only that prefix.
   *
   * @param id the construct id of the user
   * @param options the user name and SSH public keys
   */
  public addUser(id: string, options: SftpUserOptions): SftpUser {
    return new SftpUser(this, id, { ...options, server: this });
  }

  /**
   * Records a user name, refusing duplicates.
   *
   * @internal
   */
  public _registerUserName(userName: string, scope: Construct): void {
    if (this.userNames.has(userName)) {
      throw new DataProtectionError(`userName '${userName}' is already a user of the SFTP server ${this.node.path}; user names must be unique`, scope);
    }
    this.userNames.add(userName);
  }
}

/**
 * A service-managed user of a `SecureSftpServer`:
 * - a logical home directory: `/` is `/<bucket>/home/<userName>`, nothing else of the bucket is visible;
 * - a role that Transfer Family assumes for this user only (`aws:SourceArn` = the user's ARN), whose
 *   one customer-managed policy allows listing `home/<userName>/`, reading, writing and deleting
 *   objects under it, and using the bucket's key through S3 only;
 * - SSH public key authentication only.
 *
 * The `transfer.CfnUser` is the child `Resource`.
 */
export class SftpUser extends Construct {
  /** The Transfer Family user. */
  public readonly user: transfer.CfnUser;
  /** The role Transfer Family assumes for the user. */
  public readonly role: iam.Role;
  /** The user name. */
  public readonly userName: string;
  /** The key prefix of the user's home directory (`home/<userName>/`). */
  public readonly homePrefix: string;

  constructor(scope: Construct, id: string, props: SftpUserProps) {
    super(scope, id);
    const server = props.server;
    this.userName = validateUserName(this, props.userName);
    const keys = validateSshKeys(this, props.sshPublicKeys);
    server._registerUserName(this.userName, this);
    this.homePrefix = `home/${this.userName}/`;

    const stack = Stack.of(this);
    const bucket = server.bucket.bucket;
    this.role = new iam.Role(this, 'Role', {
      description: `SFTP user ${this.userName} of ${server.node.path}: home/${this.userName}/ of the bucket only`,
      assumedBy: new iam.ServicePrincipal('transfer.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'transfer',
              resource: 'user',
              resourceName: `${server.serverId}/${this.userName}`,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          },
        },
      }),
    });
    const homeObjects = bucket.arnForObjects(`${this.homePrefix}*`);
    const statements = [
      new iam.PolicyStatement({
        sid: 'ListHomeDirectory',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${this.homePrefix}*`] } },
      }),
      new iam.PolicyStatement({
        sid: 'ReadWriteHomeDirectory',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [homeObjects],
      }),
    ];
    const key = server.bucket.encryptionKey;
    if (key) {
      statements.push(new iam.PolicyStatement({
        sid: 'UseBucketKeyThroughS3',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }));
    }
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `SFTP user ${this.userName} of ${server.node.path}: home/${this.userName}/ of the bucket only`,
      statements,
      roles: [this.role],
    });
    // The finding names the resource as the rule packs print it: `<BucketLogicalId.Arn>/home/<user>/*`.
    Compliance._standing(policy, {
      ruleId: `AwsSolutions-IAM5[Resource::${flattenReference(stack.resolve(homeObjects))}]`,
      reason: `The wildcard covers only the objects under the user's own home directory ${this.homePrefix}: `
        + 'the names of the files an SFTP user uploads are not known in advance.',
    });

    this.user = new transfer.CfnUser(this, 'Resource', {
      serverId: server.serverId,
      userName: this.userName,
      role: this.role.roleArn,
      homeDirectoryType: 'LOGICAL',
      homeDirectoryMappings: [{ entry: '/', target: `/${bucket.bucketName}/home/${this.userName}` }],
      sshPublicKeys: keys,
    });
    this.user.node.addDependency(policy);
  }
}

/** A resolved CloudFormation value as a flat string, the way the rule packs print it in finding ids. */
function flattenReference(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const v = value as Record<string, any>;
  if (v['Fn::Join']) {
    const [delimiter, items] = v['Fn::Join'];
    return (items as unknown[]).map(flattenReference).join(delimiter);
  }
  if (v['Fn::GetAtt']) {
    return `<${flattenReference(v['Fn::GetAtt'][0])}.${flattenReference(v['Fn::GetAtt'][1])}>`;
  }
  if (v['Fn::Sub']) {
    return flattenReference(v['Fn::Sub']);
  }
  if (v['Fn::ImportValue']) {
    return flattenReference(v['Fn::ImportValue']);
  }
  if (v.Ref) {
    return `<${flattenReference(v.Ref)}>`;
  }
  return JSON.stringify(value);
}

function validateAllowedCidrs(scope: Construct, cidrs: string[]): string[] {
  if (cidrs.length === 0) {
    throw new DataProtectionError('internetFacing.allowedCidrs must list at least one CIDR block (the partners\' addresses), got an empty list', scope);
  }
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
  const ipv6 = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(\d{1,3})$/;
  for (const cidr of cidrs) {
    if (Token.isUnresolved(cidr)) {
      throw new DataProtectionError('internetFacing.allowedCidrs must be literal CIDR blocks so that they can be checked, got a token', scope);
    }
    const v4 = ipv4.exec(cidr);
    const v6 = ipv6.exec(cidr);
    const prefix = v4 ? Number(v4[5]) : v6 ? Number(v6[1]) : undefined;
    if (prefix === undefined || (v4 && (prefix > 32 || v4.slice(1, 5).some((o) => Number(o) > 255))) || (v6 && prefix > 128)) {
      throw new DataProtectionError(`internetFacing.allowedCidrs must hold IPv4 or IPv6 CIDR blocks such as 203.0.113.0/24, got '${cidr}'`, scope);
    }
    // Partners' networks are narrow; a few /1 blocks would add up to the whole internet.
    const widest = v4 ? MIN_ALLOWED_PREFIX.ipv4 : MIN_ALLOWED_PREFIX.ipv6;
    if (prefix < widest) {
      throw new DataProtectionError(
        `internetFacing.allowedCidrs must not open port 22 to the whole internet or large parts of it, got '${cidr}'; ` +
        `allowed: the partners' blocks, /${MIN_ALLOWED_PREFIX.ipv4} or narrower for IPv4, /${MIN_ALLOWED_PREFIX.ipv6} or narrower for IPv6`, scope);
    }
  }
  return cidrs;
}

/** The widest blocks an SFTP allow-list may hold. */
const MIN_ALLOWED_PREFIX = { ipv4: 8, ipv6: 32 };

function validateLoginBanner(scope: Construct, banner: string): string {
  if (Token.isUnresolved(banner)) {
    return banner;
  }
  if (banner.trim() === '' || banner.length > BANNER_MAX || !/^[\x09-\x0D\x20-\x7E]*$/.test(banner)) {
    throw new DataProtectionError(
      `loginBanner must be 1-${BANNER_MAX} printable ASCII characters (Transfer Family), got ${banner.length} characters`
      + (/^[\x09-\x0D\x20-\x7E]*$/.test(banner) ? '' : ' including characters outside printable ASCII'), scope);
  }
  return banner;
}

function selectSubnets(scope: Construct, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, internetFacing: boolean): ec2.ISubnet[] {
  const chosen = selection ?? { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS };
  const subnets = selectSomeSubnets(scope, vpc, chosen, 'subnets');
  if (internetFacing && subnets.length > MAX_INTERNET_FACING_SUBNETS) {
    throw new DataProtectionError(
      `an internet-facing SFTP endpoint takes 1-${MAX_INTERNET_FACING_SUBNETS} subnets (one Elastic IP each), got ${subnets.length}`, scope);
  }
  return subnets;
}

function validateUserName(scope: Construct, userName: string): string {
  if (Token.isUnresolved(userName) || !/^[A-Za-z0-9_][A-Za-z0-9_@.-]{2,99}$/.test(userName)) {
    throw new DataProtectionError(
      `userName must be 3-100 letters, digits, '_', '-', '.' or '@', starting with a letter, digit or '_', got '${userName}'`, scope);
  }
  return userName;
}

function validateSshKeys(scope: Construct, keys: string[]): string[] {
  if (keys.length === 0) {
    throw new DataProtectionError('sshPublicKeys must hold at least one key: service-managed users sign in with SSH keys only, got none', scope);
  }
  const pattern = new RegExp(`^(${SSH_KEY_TYPES.join('|')}) [A-Za-z0-9+/]+={0,3}( \\S.*)?$`);
  keys.forEach((key, i) => {
    if (Token.isUnresolved(key) || !pattern.test(key.trim())) {
      throw new DataProtectionError(
        `sshPublicKeys[${i}] must be an OpenSSH public key of type ${SSH_KEY_TYPES.join(', ')}, got '${key.slice(0, 40)}${key.length > 40 ? '...' : ''}'`, scope);
    }
  });
  return keys.map((k) => k.trim());
}
