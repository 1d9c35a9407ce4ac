import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DataClass, SecureBucket, SecureNetwork, SecureSftpServer, SecureSftpServerProps } from '../../lib';
import { checkedApp, errorOf, expectNoUnacknowledgedFindings, stackWithPolicy } from '../helpers/compliance';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@example.com';
const ECDSA = 'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBOHH0Jm6DZ5x3Yn5o3p+q/Vw==';

/** A stack with a policy and a SecureNetwork (10.0.0.0/16: Public, Private and Data subnets in two zones). */
function networkStack(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = stackWithPolicy();
  return { stack, vpc: new SecureNetwork(stack, 'Network').vpc };
}

function server(stack: Stack, vpc: ec2.IVpc, props: Partial<SecureSftpServerProps> = {}): SecureSftpServer {
  return new SecureSftpServer(stack, 'Sftp', { vpc, ...props });
}

describe('SecureSftpServer', () => {
  test('S1-02 S0-08 SFTP only, service-managed users, the newest security policy, a private VPC endpoint in the private subnets', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const sftp = server(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Transfer::Server', {
      Domain: 'S3',
      Protocols: ['SFTP'],
      IdentityProviderType: 'SERVICE_MANAGED',
      SecurityPolicyName: 'TransferSecurityPolicy-2025-03',
      EndpointType: 'VPC',
      EndpointDetails: {
        VpcId: { Ref: Match.stringLikeRegexp('^Network') },
        SubnetIds: [{ Ref: Match.stringLikeRegexp('^NetworkPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^NetworkPrivateSubnet2') }],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^SftpSecurityGroup'), 'GroupId'] }],
        AddressAllocationIds: Match.absent(),
      },
      PostAuthenticationLoginBanner: Match.absent(),
    });
    expect(sftp.securityPolicyName).toBe(SecureSftpServer.SECURITY_POLICY);
    expect(sftp.internetFacing).toBe(false);
    expect(sftp.publicIps).toEqual([]);
    expect(sftp.node.defaultChild).toBe(sftp.server);
  });

  test('S1-02 the FIPS variant of the newest security policy', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    server(stack, vpc, { fips: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Transfer::Server', { SecurityPolicyName: 'TransferSecurityPolicy-FIPS-2025-03' });
  });

  test('S0-04 S1-06 structured logs to a KMS-encrypted log group kept for the policy\'s log retention, with no logging role', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    server(stack, vpc);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/cdk-data-protection/TestStack/Sftp/sftp',
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataProtectionLogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Transfer::Server', {
      StructuredLogDestinations: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^SftpLogGroup'), 'Arn'] }],
      LoggingRole: Match.absent(),
    });
  });

  test('S2-07 a private endpoint admits port 22 from the VPC\'s CIDR block only, and sends nothing out', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    server(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SFTP server TestStack/Sftp: port 22 from the VPC only',
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Description: 'SFTP from the VPC' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
  });

  test('S2-07 an internet-facing endpoint: Elastic IPs in the public subnets, port 22 from the allow-list only', () => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const sftp = server(stack, vpc, { internetFacing: { allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'] } });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::EIP', 2 + 2); // two for the NAT gateways, two for the server
    template.hasResourceProperties('AWS::Transfer::Server', {
      EndpointType: 'VPC',
      EndpointDetails: {
        SubnetIds: [{ Ref: Match.stringLikeRegexp('^NetworkPublicSubnet1') }, { Ref: Match.stringLikeRegexp('^NetworkPublicSubnet2') }],
        AddressAllocationIds: [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^SftpElasticIp0'), 'AllocationId'] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^SftpElasticIp1'), 'AllocationId'] },
        ],
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SFTP server TestStack/Sftp: port 22 from the allow-list only',
      SecurityGroupIngress: [
        { CidrIp: '203.0.113.0/24', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Description: 'SFTP from allow-listed 203.0.113.0/24' },
        { CidrIpv6: '2001:db8::/32', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Description: 'SFTP from allow-listed 2001:db8::/32' },
      ],
    });
    expect(sftp.internetFacing).toBe(true);
    expect(sftp.publicIps.map((ip) => stack.resolve(ip))).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^SftpElasticIp0/), 'PublicIp'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^SftpElasticIp1/), 'PublicIp'] },
    ]);
  });

  test('S1-01 stores files in a new SecureBucket of customer data by default, or of the given data class', () => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const other = stackWithPolicy();
    const otherVpc = new SecureNetwork(other, 'Network').vpc;

    // WHEN
    const sftp = server(stack, vpc);
    server(other, otherVpc, { dataClass: DataClass.INTERNAL });

    // THEN
    expect(sftp.bucket.dataClass).toBe(DataClass.CUSTOMER_DATA);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([{ Key: 'data-class', Value: 'customer-data' }]),
    });
    Template.fromStack(other).hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([{ Key: 'data-class', Value: 'internal' }]),
    });
  });

  test('S1-01 stores files in the SecureBucket it is given, and refuses a data class with it', () => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const bucket = new SecureBucket(stack, 'Exchange', { dataClass: DataClass.CUSTOMER_USER_DATA });

    // WHEN
    const sftp = server(stack, vpc, { bucket });

    // THEN
    expect(sftp.bucket).toBe(bucket);
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 2); // the given bucket and the access-log bucket
    expect(() => new SecureSftpServer(stack, 'Other', { vpc, bucket, dataClass: DataClass.INTERNAL }))
      .toThrow(/dataClass 'internal' applies only to the bucket the server creates; the given bucket has data class 'customer-user-data'/);
  });

  test('S1-02 a user locked into home/<userName>/ by a logical home directory, with SSH keys only', () => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const sftp = server(stack, vpc);

    // WHEN
    const alice = sftp.addUser('Alice', { userName: 'alice', sshPublicKeys: [ED25519, ECDSA] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Transfer::User', {
      ServerId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Sftp'), 'ServerId'] },
      UserName: 'alice',
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SftpAliceRole'), 'Arn'] },
      HomeDirectoryType: 'LOGICAL',
      HomeDirectoryMappings: [{ Entry: '/', Target: { 'Fn::Join': ['', ['/', { Ref: Match.stringLikeRegexp('^SftpBucket') }, '/home/alice']] } }],
      SshPublicKeys: [ED25519, ECDSA],
    });
    expect(alice.homePrefix).toBe('home/alice/');
    expect(alice.node.defaultChild).toBe(alice.user);
  });

  test('S1-03 the user\'s role reaches only home/<userName>/ and the bucket key through S3, and only Transfer Family acting for that user assumes it', () => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const sftp = server(stack, vpc);

    // WHEN
    sftp.addUser('Alice', { userName: 'alice', sshPublicKeys: [ED25519] });

    // THEN
    const template = Template.fromStack(stack);
    const bucketArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SftpBucket'), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^SftpAliceRole') }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ListHomeDirectory',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: bucketArn,
            Condition: { StringLike: { 's3:prefix': ['home/alice/*'] } },
          },
          {
            Sid: 'ReadWriteHomeDirectory',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: { 'Fn::Join': ['', [bucketArn, '/home/alice/*']] },
          },
          {
            Sid: 'UseBucketKeyThroughS3',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SftpBucketKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'transfer.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: {
              'aws:SourceArn': {
                'Fn::Join': ['', Match.arrayWith([':transfer:us-east-1:', { Ref: 'AWS::AccountId' }, ':user/',
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^Sftp'), 'ServerId'] }, '/alice'])],
              },
            },
          },
        }],
      },
      Policies: Match.absent(),
    });
  });

  test('S1-02 an authorized-use banner before authentication, or the one given', () => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const other = stackWithPolicy();

    // WHEN
    server(stack, vpc);
    server(other, new SecureNetwork(other, 'Network').vpc, { loginBanner: 'ACME file exchange. Authorized partners only.' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Transfer::Server', {
      PreAuthenticationLoginBanner: Match.stringLikeRegexp('^Authorized users only'),
    });
    Template.fromStack(other).hasResourceProperties('AWS::Transfer::Server', {
      PreAuthenticationLoginBanner: 'ACME file exchange. Authorized partners only.',
    });
  });

  test.each([
    ['an empty list', [], /internetFacing\.allowedCidrs must list at least one CIDR block \(the partners' addresses\), got an empty list/],
    ['0.0.0.0/0', ['203.0.113.0/24', '0.0.0.0/0'],
      /allowedCidrs must not open port 22 to the whole internet or large parts of it, got '0\.0\.0\.0\/0'; allowed: the partners' blocks, \/8 or narrower for IPv4/],
    ['::/0', ['::/0'], /allowedCidrs must not open port 22 to the whole internet or large parts of it, got '::\/0'/],
    ['two /1 halves of the internet', ['0.0.0.0/1', '128.0.0.0/1'], /got '0\.0\.0\.0\/1'; allowed: .* \/8 or narrower for IPv4, \/32 or narrower for IPv6/],
    ['a malformed block', ['203.0.113.0'], /allowedCidrs must hold IPv4 or IPv6 CIDR blocks such as 203\.0\.113\.0\/24, got '203\.0\.113\.0'/],
    ['an out-of-range prefix', ['203.0.113.0/33'], /allowedCidrs must hold IPv4 or IPv6 CIDR blocks .*got '203\.0\.113\.0\/33'/],
  ])('S2-07 refuses an internet-facing allow-list with %s', (_what, allowedCidrs, message) => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN
    const error = errorOf(() => server(stack, vpc, { internetFacing: { allowedCidrs: allowedCidrs as string[] } }));

    // THEN
    expect(error.name).toBe('DataProtectionError');
    expect(error.message).toMatch(message);
  });

  test('S2-07 refuses more than three subnets for an internet-facing endpoint', () => {
    // GIVEN
    const stack = stackWithPolicy();
    const vpc = new SecureNetwork(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'] }).vpc;

    // WHEN / THEN
    expect(() => server(stack, vpc, { internetFacing: { allowedCidrs: ['203.0.113.0/24'] } }))
      .toThrow(/an internet-facing SFTP endpoint takes 1-3 subnets \(one Elastic IP each\), got 4/);
  });

  test.each([
    ['too short', 'ab'],
    ['starting with -', '-alice'],
    ['with a space', 'alice smith'],
    ['with a slash', 'alice/../bob'],
    ['too long', 'a'.repeat(101)],
  ])('S1-03 refuses a user name that is %s', (_what, userName) => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const sftp = server(stack, vpc);

    // WHEN / THEN
    expect(() => sftp.addUser('User', { userName, sshPublicKeys: [ED25519] }))
      .toThrow(`userName must be 3-100 letters, digits, '_', '-', '.' or '@', starting with a letter, digit or '_', got '${userName}'`);
  });

  test('S1-03 accepts user names with the allowed characters, and refuses a duplicate', () => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const sftp = server(stack, vpc);

    // WHEN
    sftp.addUser('Partner', { userName: 'partner.acme@example.com', sshPublicKeys: [ED25519] });
    sftp.addUser('Batch', { userName: '_batch-01', sshPublicKeys: [ED25519] });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::Transfer::User', 2);
    expect(() => sftp.addUser('Again', { userName: '_batch-01', sshPublicKeys: [ED25519] }))
      .toThrow(/userName '_batch-01' is already a user of the SFTP server TestStack\/Sftp; user names must be unique/);
  });

  test.each([
    ['no key', [], /sshPublicKeys must hold at least one key: service-managed users sign in with SSH keys only, got none/],
    ['a DSA key', ['ssh-dss AAAAB3NzaC1kc3MAAACBAP1'], /sshPublicKeys\[0\] must be an OpenSSH public key of type ssh-rsa, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-ed25519, got 'ssh-dss AAAAB3NzaC1kc3MAAACBAP1'/],
    ['a private key', [ED25519, '-----BEGIN OPENSSH PRIVATE KEY-----'], /sshPublicKeys\[1\] must be an OpenSSH public key of type .*got '-----BEGIN OPENSSH PRIVATE KEY-----'/],
    ['a key without its data', ['ssh-ed25519'], /sshPublicKeys\[0\] must be an OpenSSH public key/],
  ])('S1-02 refuses %s', (_what, sshPublicKeys, message) => {
    // GIVEN
    const { stack, vpc } = networkStack();
    const sftp = server(stack, vpc);

    // WHEN / THEN
    expect(() => sftp.addUser('Alice', { userName: 'alice', sshPublicKeys: sshPublicKeys as string[] })).toThrow(message);
  });

  test.each([
    ['blank', '  ', /loginBanner must be 1-512 printable ASCII characters \(Transfer Family\), got 2 characters/],
    ['too long', 'x'.repeat(513), /loginBanner must be 1-512 printable ASCII characters \(Transfer Family\), got 513 characters/],
    ['not ASCII', 'Zutritt nur für Befugte', /loginBanner must be 1-512 printable ASCII characters .*including characters outside printable ASCII/],
  ])('S1-02 refuses a login banner that is %s', (_what, loginBanner, message) => {
    // GIVEN
    const { stack, vpc } = networkStack();

    // WHEN / THEN
    expect(() => server(stack, vpc, { loginBanner })).toThrow(message);
  });

  test('S1-02 S2-15 passes every compliance pack, private, with a user', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const network = new SecureNetwork(stack, 'Network');

    // WHEN
    const sftp = new SecureSftpServer(stack, 'Sftp', { vpc: network.vpc });
    sftp.addUser('Alice', { userName: 'alice', sshPublicKeys: [ED25519] });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });

  test('S1-02 S2-15 passes every compliance pack, internet-facing, with two users', () => {
    // GIVEN
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    const network = new SecureNetwork(stack, 'Network');

    // WHEN
    const sftp = new SecureSftpServer(stack, 'Sftp', { vpc: network.vpc, internetFacing: { allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'] } });
    sftp.addUser('Alice', { userName: 'alice', sshPublicKeys: [ED25519] });
    sftp.addUser('Bob', { userName: 'bob', sshPublicKeys: [ECDSA] });

    // THEN
    expectNoUnacknowledgedFindings(app);
  });
});
