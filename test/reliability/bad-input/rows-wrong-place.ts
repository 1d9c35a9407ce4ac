import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AdminVpn, AdminVpnAuthentication, DataClass, DataProtectionPolicy, DistributionEdge, LoadBalancerEdge, MfaGatedAccess, OffsiteBackupStack,
  SecureBackupPlan, SecureBackupVault, SecureBucket, SecureDatabase, SecureNetwork,
} from './api';
import { appOf, bare, CLIENT_CERT, DEFAULT_POLICY, given, Row, stack, vpcIn } from './kit';

const ACCOUNT = '123456789012';
const keyIn = (s: Stack, region: string): kms.IKey =>
  given(kms.Key.fromKeyArn(s, `Key-${region}`, `arn:aws:kms:${region}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`));
const vpcFrom = (s: Stack, region: string): ec2.IVpc => given(ec2.Vpc.fromVpcAttributes(s, `Vpc-${region}`, {
  vpcId: 'vpc-0123456789abcdef0',
  region,
  availabilityZones: [`${region}a`, `${region}b`],
  privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  isolatedSubnetIds: ['subnet-0123456789abcdef2', 'subnet-0123456789abcdef3'],
  publicSubnetIds: ['subnet-0123456789abcdef4', 'subnet-0123456789abcdef5'],
}));
const certIn = (region: string): string => `arn:aws:acm:${region}:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;

/**
 * Class "things from the wrong place" (issue 20 item 3): region names that match the pattern but
 * name no region (checked against aws-cdk-lib's `RegionInfo.regions`), and regional resources
 * (keys, VPCs, vaults, certificates, zones) from another region than the construct's stack.
 * Every message names both regions.
 */
export const WRONG_PLACE_ROWS: Row[] = [
  // ---- regions that do not exist ----
  {
    claim: 'S0-05',
    area: 'DataProtectionPolicy',
    name: 'region that matches the pattern but does not exist (eu-west-7)',
    build: () => new DataProtectionPolicy(bare(), 'Policy', { ...DEFAULT_POLICY, region: 'eu-west-7' }),
    path: 'TestStack/Policy',
    error: /^TestStack\/Policy: region must name an AWS region \(one of the \d+ regions of aws-cdk-lib's RegionInfo.regions, such as eu-west-1, .*\), got 'eu-west-7'$/,
  },
  {
    claim: 'S1-08',
    area: 'DataProtectionPolicy',
    name: 'backup copy region that does not exist',
    build: () => new DataProtectionPolicy(bare(), 'Policy', { ...DEFAULT_POLICY, backupCopyRegions: ['us-west-9'] }),
    path: 'TestStack/Policy',
    error: /^TestStack\/Policy: each of backupCopyRegions must name an AWS region .*got 'us-west-9'$/,
  },
  {
    claim: 'S0-05',
    area: 'MfaGatedAccess',
    name: 'additional region that does not exist',
    build: () => new MfaGatedAccess(stack(), 'Access', { additionalRegions: ['eu-west-7'] }),
    path: 'TestStack/Access',
    error: /^TestStack\/Access: additionalRegions must name an AWS region .*got 'eu-west-7'$/,
  },
  {
    claim: 'S1-08',
    area: 'SecureBackupPlan',
    name: 'copy target in a region that does not exist',
    build: () => new SecureBackupPlan(stack(), 'Plan', { copyTargets: [{ region: 'eu-west-7', backupVaultName: 'copies' }] }),
    path: 'TestStack/Plan',
    error: /^TestStack\/Plan: copyTargets region must name an AWS region .*got 'eu-west-7'$/,
  },
  {
    claim: 'S1-08',
    area: 'OffsiteBackupStack',
    name: 'off-site region that does not exist',
    build: () => new OffsiteBackupStack(appOf(new App()), 'Copies', {
      policy: { ...DEFAULT_POLICY, backupCopyRegions: ['eu-west-7'] }, region: 'eu-west-7',
    }),
    path: 'Copies',
    error: /^Copies: region must name an AWS region .*got 'eu-west-7'$/,
  },

  // ---- regional resources from another region ----
  {
    claim: 'S0-06',
    area: 'SecureBucket',
    name: 'KMS key of another region',
    build: () => {
      const s = stack();
      new SecureBucket(s, 'B', { dataClass: DataClass.CUSTOMER_USER_DATA, encryptionKey: keyIn(s, 'eu-west-1') });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: encryptionKey must be in the region of TestStack\/B's stack \(us-east-1\): it is a regional resource, got .* in eu-west-1$/,
  },
  {
    claim: 'S1-08',
    area: 'SecureBucket',
    name: 'replica key in another region than the replica bucket',
    build: () => {
      const s = stack();
      const destination = given(s3.Bucket.fromBucketAttributes(s, 'Dest', { bucketName: 'replicas', region: 'us-west-2' }));
      new SecureBucket(s, 'B', {
        dataClass: DataClass.CUSTOMER_USER_DATA, replication: { destination, destinationKey: keyIn(s, 'eu-west-1') },
      });
    },
    path: 'TestStack/B',
    error: /^TestStack\/B: replication.destinationKey must be in the region of the replication destination \(us-west-2\): .* in eu-west-1$/,
  },
  {
    claim: 'S2-07',
    area: 'SecureDatabase',
    name: 'VPC of another region',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcFrom(s, 'eu-west-1'), dataClass: DataClass.CUSTOMER_DATA });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: vpc must be in the region of TestStack\/Db's stack \(us-east-1\): it is a regional resource, got .* in eu-west-1$/,
  },
  {
    claim: 'S0-06',
    area: 'SecureDatabase',
    name: 'KMS key of another region',
    build: () => {
      const s = stack();
      new SecureDatabase(s, 'Db', { vpc: vpcIn(s), dataClass: DataClass.CUSTOMER_DATA, encryptionKey: keyIn(s, 'eu-central-1') });
    },
    path: 'TestStack/Db',
    error: /^TestStack\/Db: encryptionKey must be in the region of TestStack\/Db's stack \(us-east-1\): .* in eu-central-1$/,
  },
  {
    claim: 'S2-12',
    area: 'SecureBackupPlan',
    name: 'backup vault of a stack in another region',
    build: () => {
      const app = new App();
      const other = stack({}, 'us-east-1', app);
      const there = new Stack(app, 'Other', { env: { region: 'us-west-2' } });
      given(new DataProtectionPolicy(there, 'Policy', { ...DEFAULT_POLICY, region: 'us-west-2' }));
      const vault = given(new SecureBackupVault(there, 'Vault'));
      new SecureBackupPlan(other, 'Plan', { vault });
    },
    path: 'TestStack/Plan',
    error: /^TestStack\/Plan: vault must be in the region of TestStack\/Plan's stack \(us-east-1\): .*the SecureBackupVault at Other\/Vault in us-west-2$/,
  },
  {
    claim: 'S0-06',
    area: 'SecureBackupVault',
    name: 'KMS key of another region',
    build: () => {
      const s = stack();
      new SecureBackupVault(s, 'Vault', { encryptionKey: keyIn(s, 'eu-west-1') });
    },
    path: 'TestStack/Vault',
    error: /^TestStack\/Vault: encryptionKey must be in the region of TestStack\/Vault's stack \(us-east-1\): .* in eu-west-1$/,
  },
  {
    claim: 'S2-09',
    area: 'AdminVpn',
    name: 'server certificate of another region',
    build: () => {
      const s = stack();
      new AdminVpn(s, 'Vpn', {
        vpc: vpcIn(s), serverCertificateArn: certIn('eu-west-1'), authentication: AdminVpnAuthentication.mutualTls(CLIENT_CERT), clientCidr: '10.100.0.0/22',
      });
    },
    path: 'TestStack/Vpn',
    error: /^TestStack\/Vpn: serverCertificateArn must be in the region of TestStack\/Vpn's stack \(us-east-1\): .*'arn:aws:acm:eu-west-1:.* in eu-west-1$/,
  },
  {
    claim: 'S2-02',
    area: 'LoadBalancerEdge',
    name: 'ACM certificate of another region',
    build: () => {
      const s = stack();
      const certificate = given(acm.Certificate.fromCertificateArn(s, 'Cert', certIn('eu-west-1')));
      new LoadBalancerEdge(s, 'Edge', { vpc: vpcIn(s), domainName: 'app.example.com', certificate });
    },
    path: 'TestStack/Edge',
    error: /^TestStack\/Edge: certificate must be in the region of TestStack\/Edge's stack \(us-east-1\): .* in eu-west-1$/,
  },
  {
    claim: 'S2-02',
    area: 'DistributionEdge',
    name: 'ACM certificate outside us-east-1',
    build: () => {
      // A us-east-1 stack: the distribution would make its own web firewall, which a refusal must not leave behind.
      const s = stack();
      const certificate = given(acm.Certificate.fromCertificateArn(s, 'Cert', certIn('eu-west-1')));
      new DistributionEdge(s, 'Cdn', { domainName: 'app.example.com', certificate, origin: new origins.HttpOrigin('origin.example.com') });
    },
    path: 'TestStack/Cdn',
    error: /^TestStack\/Cdn: certificate of a distribution must be in us-east-1 \(CloudFront's rule\), got one in eu-west-1$/,
  },
  {
    claim: 'S2-10',
    area: 'SecureNetwork',
    name: 'availability zones of another region',
    build: () => new SecureNetwork(stack(), 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
    path: 'TestStack/Network',
    error: /^TestStack\/Network: availabilityZones must be zones of the region of TestStack\/Network's stack \(us-east-1\), such as us-east-1a, got 'eu-west-1a' in eu-west-1$/,
  },
];
