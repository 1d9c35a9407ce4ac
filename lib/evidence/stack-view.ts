import { PolicyRecord, ResourceView, StackView } from './model';

/** The template Metadata key under which each stack records its policy and claims. */
export const POLICY_METADATA_KEY = 'cdk-data-protection';

/** Builds the view of one template; exported for tests that verify hand-written templates. */
export function stackView(options: {
  id: string; template: Record<string, any>; region?: string; account?: string; templateFile?: string; stackName?: string;
}): StackView {
  const templateFile = options.templateFile ?? `${options.id}.template.json`;
  const resources: ResourceView[] = Object.entries(options.template.Resources ?? {}).map(([logicalId, r]: [string, any]) => {
    const { Type, Properties, Metadata, ...attributes } = r ?? {};
    return {
      stack: options.id,
      templateFile,
      logicalId,
      type: String(Type),
      constructPath: Metadata?.['aws:cdk:path'],
      properties: Properties ?? {},
      metadata: Metadata ?? {},
      attributes,
    };
  });
  const policy: PolicyRecord | undefined = options.template.Metadata?.[POLICY_METADATA_KEY];
  return {
    id: options.id,
    stackName: options.stackName ?? options.id,
    templateFile,
    region: options.region,
    account: options.account,
    template: options.template,
    resources,
    policy,
    templateBytes: Buffer.byteLength(JSON.stringify(options.template)),
  };
}
