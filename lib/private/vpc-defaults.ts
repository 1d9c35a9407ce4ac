import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { DataProtectionError } from './errors';

/**
 * The VPC's primary CIDR block as a literal, when known: `vpcCidrBlock` of an `ec2.Vpc` is a
 * `Fn::GetAtt` (which neither the library nor the rule packs can check), but its `CfnVPC`
 * holds the literal block.
 */
export function literalVpcCidr(vpc: ec2.IVpc): string | undefined {
  if (!Token.isUnresolved(vpc.vpcCidrBlock)) {
    return vpc.vpcCidrBlock;
  }
  const cfn = vpc.node.defaultChild;
  return cfn instanceof ec2.CfnVPC && cfn.cidrBlock && !Token.isUnresolved(cfn.cidrBlock) ? cfn.cidrBlock : undefined;
}

/**
 * The subnets `chosen` selects in `vpc`, or an error naming the prop when the selection fails
 * or selects none.
 *
 * @param prop the prop's name in the error (`adminSubnets`)
 */
export function selectSomeSubnets(scope: Construct, vpc: ec2.IVpc, chosen: ec2.SubnetSelection, prop: string): ec2.ISubnet[] {
  let subnets: ec2.ISubnet[];
  try {
    subnets = vpc.selectSubnets(chosen).subnets;
  } catch (e) {
    throw new DataProtectionError(`${prop} selects no subnets of the VPC: ${(e as Error).message}`, scope);
  }
  if (subnets.length === 0) {
    throw new DataProtectionError(`${prop} must select at least one subnet, got none for ${JSON.stringify(chosen)}`, scope);
  }
  return subnets;
}
