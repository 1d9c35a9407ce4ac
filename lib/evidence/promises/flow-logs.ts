import { LOGGING_CONTROLS, oneOf, PromiseKind, referencedId } from './kind';
import type { Fact } from '../model';

const TRAFFIC: Record<string, string> = { ALL: 'all traffic', REJECT: 'rejected traffic' };

/**
 * `flow-logs`: every VPC (so every subnet of it) records flow logs of all traffic (or of
 * rejected traffic only). Made true by `SecureNetwork`; the verifier reads the
 * `AWS::EC2::FlowLog` of every `AWS::EC2::VPC` and its traffic type.
 */
export const FLOW_LOGS: PromiseKind = {
  kind: 'flow-logs',
  summary: 'every network records flow logs',
  scope: 'infra',
  controls: LOGGING_CONTROLS,
  render(params) {
    const traffic = oneOf(params, 'traffic', Object.keys(TRAFFIC));
    return {
      text: `Every network and subnet records flow logs of ${TRAFFIC[traffic]}.`,
      expected: { flowLogTrafficType: traffic },
    };
  },
  verify({ stacks }, params) {
    const traffic = params.traffic as string;
    const facts: Fact[] = [];
    for (const stack of stacks) {
      const flowLogs = stack.resources.filter((r) => r.type === 'AWS::EC2::FlowLog');
      for (const vpc of stack.resources.filter((r) => r.type === 'AWS::EC2::VPC')) {
        const logs = flowLogs.filter((f) => f.properties.ResourceType === 'VPC' && referencedId(f.properties.ResourceId) === vpc.logicalId);
        const types = logs.map((f) => String(f.properties.TrafficType));
        // ALL covers REJECT: a promise of rejected traffic is kept by logs of all traffic.
        const ok = types.includes('ALL') || types.includes(traffic);
        facts.push({
          stack: stack.id,
          logicalId: vpc.logicalId,
          constructPath: vpc.constructPath,
          propertyPath: 'AWS::EC2::FlowLog(ResourceId).TrafficType',
          expected: traffic === 'ALL' ? 'ALL' : 'REJECT or ALL',
          found: types.length === 0 ? 'no flow log' : types.join(', '),
          satisfied: ok,
        });
      }
    }
    return facts;
  },
};
