import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DataClass, SecureDatabase, SecureBackupPlan } from '../../lib';
import { checkedApp, findings, stackWithPolicy } from '../helpers/compliance';
const vpcOf = (stack: Stack, azs = ['us-east-1a', 'us-east-1b']) => new ec2.Vpc(stack, 'Vpc', { availabilityZones: azs, natGateways: 0, subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
const log = (...a: any[]) => process.stdout.write(a.map((x) => typeof x === 'string' ? x : JSON.stringify(x)).join(' ') + '\n');
for (const variant of ['pg', 'mysql', 'mysql840', 'mysql8040', 'single']) {
  test('findings ' + variant, () => {
    const app = checkedApp();
    const stack = stackWithPolicy(app);
    new SecureDatabase(stack, 'Db', {
      vpc: vpcOf(stack), dataClass: DataClass.CUSTOMER_DATA,
      engine: variant === 'mysql' ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 })
        : variant === 'mysql840' ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4 })
          : variant === 'mysql8040' ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 }) : undefined,
      allowSingleAz: variant === 'single' ? { reason: 'Staging environment, restored from snapshots.' } : undefined,
    });
    new SecureBackupPlan(stack, 'Backup');
    log(variant, findings(app).filter((f) => !f.paths.every((p) => p.startsWith('TestStack/Vpc'))).map((f) => `[${f.plugin}] ${f.rule}: ${f.paths.join(',')}`));
  });
}
