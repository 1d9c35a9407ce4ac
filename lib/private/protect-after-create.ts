import { Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { sdkCall } from './custom-resource-findings';

/** Marks the custom resources that turn deletion protection on, so they do not wait on each other. */
const PROTECTOR = Symbol.for('cdk-data-protection.protect-after-create');
/** Marks the stacks that have the aspect ordering their protecting custom resources last. */
const ORDERED = Symbol.for('cdk-data-protection.protect-after-create-ordered');

/**
 * Turns a resource's deletion protection on through an SDK call made after every other resource
 * of its stack, instead of in the resource's own properties.
 *
 * A resource created with deletion protection cannot be deleted by the rollback of the create
 * that made it: the rollback fails (ROLLBACK_FAILED) and the stack must be deleted by hand,
 * leaving the resource and its fixed name behind. Here the protection comes last: any failure
 * before it rolls back a stack whose resources are still deletable (and deleted, with
 * `RetainExceptOnCreate`); once it ran, the stack is complete and the resource protected for
 * every later update and deletion. The resource's template leaves `DeletionProtection` out, so
 * no later update turns it off again.
 *
 * @param resource the resource to protect
 * @param id the id of the custom resource, next to `resource`
 * @param call the SDK call that turns the protection on (made on create and on update)
 * @param statements exactly the permissions of the call
 */
export function protectAfterCreate(resource: CfnResource, id: string, call: cr.AwsSdkCall, statements: iam.PolicyStatement[]): cr.AwsCustomResource {
  const protector = sdkCall(resource.node.scope as Construct, id, call, statements, true);
  (protector as any)[PROTECTOR] = true;
  const stack = Stack.of(resource);
  if (!(stack as any)[ORDERED]) {
    (stack as any)[ORDERED] = true;
    Aspects.of(stack).add(new RunLast(stack));
  }
  return protector;
}

/** Makes every protecting custom resource of a stack depend on every other resource of the stack. */
class RunLast implements IAspect {
  constructor(private readonly stack: Stack) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack) {
      return;
    }
    const all = this.stack.node.findAll();
    const protectors = all.filter((c) => (c as any)[PROTECTOR] === true);
    const inProtector = (c: IConstruct) => protectors.some((p) => c.node.path === p.node.path || c.node.path.startsWith(`${p.node.path}/`));
    const others = all.filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === this.stack && !inProtector(c));
    for (const protector of protectors) {
      for (const other of others) {
        protector.node.addDependency(other);
      }
    }
  }
}
