import { Annotations, ArnFormat, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as shield from 'aws-cdk-lib/aws-shield';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { DataProtectionPolicy } from '../policy/data-protection-policy';
import { Weakening } from '../policy/weakening';
import { DataProtectionError } from '../private/errors';
import { encryptedLogGroup, stackLogKey } from '../private/logs-defaults';
import { weaken } from '../private/validate';
import { LogScope, markLogScope } from '../promises/log-retention';

/**
 * Where a `WebFirewall` applies.
 */
export enum WebFirewallScope {
  /**
   * Regional resources: Application Load Balancers, API Gateway REST API stages, AppSync APIs,
   * Cognito user pools, App Runner services, in the stack's region.
   */
  REGIONAL = 'REGIONAL',

  /**
   * CloudFront distributions. WAF keeps these web ACLs in US East (N. Virginia) only, so the
   * stack must be in `us-east-1`.
   */
  CLOUDFRONT = 'CLOUDFRONT',
}

/**
 * Properties of a `WebFirewall`.
 */
export interface WebFirewallProps {
  /**
   * Whether the web ACL protects regional resources or CloudFront distributions.
   * `CLOUDFRONT` needs a stack in `us-east-1`.
   *
   * @default WebFirewallScope.REGIONAL
   */
  readonly scope?: WebFirewallScope;

  /**
   * How many requests one client IP address may send in `rateLimitWindow` before WAF blocks
   * its further requests (claim S2-08). A literal whole number, at least 10, at most 2,000,000,000.
   *
   * @default 1000
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
   */
  readonly rateLimit?: number;

  /**
   * The window over which `rateLimit` is counted: exactly 1, 2, 5 or 10 minutes (60, 120, 300
   * or 600 seconds).
   *
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;

  /**
   * The KMS key that encrypts the WAF log group.
   *
   * @default - the stack's log key (created on first use, rotating)
   */
  readonly logKey?: kms.IKey;

  /**
   * Protect the resources this firewall is associated with by AWS Shield Advanced as well
   * (claim S2-08, opt-in): `associateWithLoadBalancer` then also creates an
   * `AWS::Shield::Protection`, and `protectLoadBalancer` / `protectDistribution` may be called.
   *
   * Shield Advanced costs 3,000 USD a month per AWS Organization (all accounts of the
   * organization share one subscription), with a 1-year commitment, plus its data-transfer-out
   * fees. The account must already be subscribed (console or `shield:CreateSubscription`):
   * CloudFormation cannot subscribe it, and the protections fail to deploy otherwise.
   * Shield Standard, which protects every AWS account from network-layer attacks, is free.
   *
   * @default false
   * @see https://aws.amazon.com/shield/pricing/
   */
  readonly shieldAdvanced?: boolean;

  /**
   * The URI paths where request bodies may be larger than 8 KB (uploads). The core rule set's
   * `SizeRestrictions_BODY` rule blocks every request whose body is over 8 KB, so without this an
   * upload through the firewall gets 403. With it, that rule only counts, and a rule of this web
   * ACL blocks what it matched outside these paths: elsewhere large bodies are still blocked.
   * WAF inspects only the first 8 KB of a body on a load balancer, so the rest of an upload is not
   * inspected: a weakening, with its reason. The extra rule costs 1 USD a month and a few dozen
   * capacity units (WCUs), well within the 1,500 included.
   *
   * @default - no exception: every request body over 8 KB is blocked
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
   */
  readonly allowLargeBodies?: WebFirewallLargeBodies;
}

/**
 * Where a `WebFirewall` lets request bodies be larger than 8 KB, and why.
 */
export interface WebFirewallLargeBodies extends Weakening {
  /**
   * The URI path prefixes of the uploads, each starting with `/` (such as `/uploads/`), at most 5.
   * Matched after URL decoding and path normalisation, so `/uploads/../admin` is not an upload.
   */
  readonly pathPrefixes: string[];
}

/** The rule of the core rule set that blocks request bodies over 8 KB, and the label it adds. */
const BODY_SIZE_RULE = 'SizeRestrictions_BODY';
const BODY_SIZE_LABEL = 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body';
const MAX_UPLOAD_PATHS = 5;

/** The evaluation windows WAF accepts for a rate-based rule, in seconds. */
const RATE_WINDOWS = [60, 120, 300, 600];

/** The lowest and highest rate limit WAF accepts. */
const RATE_LIMIT = { min: 10, max: 2_000_000_000 };

/** The headers whose values never reach the WAF logs (credentials and sessions). */
const REDACTED_HEADERS = ['authorization', 'cookie'];

/**
 * A WAFv2 web ACL in front of the service (claims S2-08, S4-05, S4-09):
 * - default action allow, with the AWS managed rule groups for IP reputation, anonymous IPs
 *   (VPNs, Tor, hosting providers), the core rule set (OWASP Top 10), known bad inputs
 *   (Log4j, ...) and SQL injection;
 * - a rate-based rule that blocks a client IP address sending more than `rateLimit` requests
 *   in `rateLimitWindow`;
 * - CloudWatch metrics and sampled requests for every rule;
 * - full request logs to a KMS-encrypted CloudWatch Logs group `aws-waf-logs-...`, kept for the
 *   policy's log retention, with the `authorization` and `cookie` headers redacted;
 * - optionally AWS Shield Advanced on the protected resources.
 *
 * WAF's log delivery is granted write access to the log group by an `AWS::Logs::ResourcePolicy`
 * scoped to that group and this account, so the deployment does not depend on the deployer's
 * `logs:PutResourcePolicy` permission; CloudWatch Logs allows 10 such policies per account and region.
 *
 * Associate it with an Application Load Balancer or an API Gateway stage (REGIONAL scope),
 * or pass `webAclArn` to a CloudFront distribution's `webAclId` (CLOUDFRONT scope).
 *
 * Cost (us-east-1): 5 USD a month for the web ACL, 1 USD a month per rule (6 rules here),
 * 0.60 USD per million requests inspected; the rules use about 1,180 of the 1,500 capacity units (WCUs) included in
 * that price. The AWS managed rule groups used here carry no subscription fee.
 *
 * The underlying `wafv2.CfnWebACL` is the child `Resource` (`node.defaultChild`).
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export class WebFirewall extends Construct {
  /**
   * The AWS managed rule groups of every web ACL, in order of evaluation after the rate-based rule.
   */
  public static readonly MANAGED_RULE_GROUPS: string[] = [
    'AWSManagedRulesAmazonIpReputationList',
    'AWSManagedRulesAnonymousIpList',
    'AWSManagedRulesCommonRuleSet',
    'AWSManagedRulesKnownBadInputsRuleSet',
    'AWSManagedRulesSQLiRuleSet',
  ];

  /** The name of the rate-based rule. */
  public static readonly RATE_LIMIT_RULE_NAME = 'RateLimitPerClientIp';

  /** The name of the rule that blocks bodies over 8 KB outside the upload paths (with `allowLargeBodies`). */
  public static readonly LARGE_BODY_RULE_NAME = 'LargeBodyOutsideUploadPaths';

  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The ARN of the web ACL; a CloudFront distribution takes it as `webAclId`. */
  public readonly webAclArn: string;
  /** The id of the web ACL. */
  public readonly webAclId: string;
  /** The log group of the web ACL's request logs (name starting with `aws-waf-logs-`). */
  public readonly logGroup: logs.LogGroup;
  /** Whether the web ACL protects regional resources or CloudFront distributions. */
  public readonly firewallScope: WebFirewallScope;
  /** The requests one client IP may send per `rateLimitWindow`. */
  public readonly rateLimit: number;
  /** The window of the rate limit. */
  public readonly rateLimitWindow: Duration;
  /** Whether protected resources also get AWS Shield Advanced. */
  public readonly shieldAdvanced: boolean;

  constructor(scope: Construct, id: string, props: WebFirewallProps = {}) {
    super(scope, id);
    const policy = DataProtectionPolicy.of(this);
    this.firewallScope = props.scope ?? WebFirewallScope.REGIONAL;
    if (this.firewallScope === WebFirewallScope.CLOUDFRONT) {
      checkCloudFrontRegion(this, policy);
    }
    this.rateLimit = validateRateLimit(props.rateLimit ?? 1000, this);
    this.rateLimitWindow = props.rateLimitWindow ?? Duration.minutes(5);
    const windowSeconds = validateRateLimitWindow(this.rateLimitWindow, this);
    this.shieldAdvanced = props.shieldAdvanced ?? false;

    const metricPrefix = Names.uniqueId(this).slice(-100);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: WebFirewall.RATE_LIMIT_RULE_NAME,
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'IP',
          limit: this.rateLimit,
          evaluationWindowSec: windowSeconds,
        },
      },
      visibilityConfig: visibility(WebFirewall.RATE_LIMIT_RULE_NAME),
    };
    const uploadPaths = props.allowLargeBodies ? validateUploadPaths(props.allowLargeBodies, this) : undefined;
    const managedRules = WebFirewall.MANAGED_RULE_GROUPS.map((name, i): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority: i + 1,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: uploadPaths && name === 'AWSManagedRulesCommonRuleSet' ? [{ name: BODY_SIZE_RULE, actionToUse: { count: {} } }] : undefined,
        },
      },
      visibilityConfig: visibility(name),
    }));
    if (uploadPaths) {
      managedRules.push(largeBodyRule(uploadPaths, WebFirewall.MANAGED_RULE_GROUPS.length + 1, visibility(WebFirewall.LARGE_BODY_RULE_NAME)));
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: this.firewallScope,
      defaultAction: { allow: {} },
      // WAF allows only letters, digits, whitespace and + = : # @ / - , . in descriptions.
      description: 'cdk-data-protection web ACL: AWS managed rule groups and a rate limit per client IP',
      rules: [rateRule, ...managedRules],
      visibilityConfig: visibility(metricPrefix),
    });
    this.webAclArn = this.webAcl.attrArn;
    this.webAclId = this.webAcl.attrId;

    this.logGroup = this.createLogging(policy, props.logKey);
  }

  /**
   * Puts the web ACL in front of an Application Load Balancer (REGIONAL scope), and protects the
   * load balancer with Shield Advanced when `shieldAdvanced` is on.
   *
   * @param loadBalancer the load balancer, in the stack's region
   */
  public associateWithLoadBalancer(loadBalancer: elbv2.IApplicationLoadBalancer): wafv2.CfnWebACLAssociation {
    const association = this.associate('load balancer', loadBalancer, loadBalancer.loadBalancerArn);
    if (this.shieldAdvanced) {
      this.protectLoadBalancer(loadBalancer);
    }
    return association;
  }

  /**
   * Puts the web ACL in front of an API Gateway REST API stage (REGIONAL scope).
   *
   * @param stage the stage, in the stack's region
   */
  public associateWithApiStage(stage: apigateway.IStage): wafv2.CfnWebACLAssociation {
    const arn = Stack.of(stage).formatArn({
      service: 'apigateway',
      account: '',
      resource: `/restapis/${stage.restApi.restApiId}/stages/${stage.stageName}`,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    return this.associate('API stage', stage, arn);
  }

  /**
   * Protects an Application Load Balancer with AWS Shield Advanced (needs `shieldAdvanced`).
   *
   * @param loadBalancer the load balancer
   */
  public protectLoadBalancer(loadBalancer: elbv2.IApplicationLoadBalancer): shield.CfnProtection {
    return this.protect(loadBalancer, loadBalancer.loadBalancerArn);
  }

  /**
   * Protects a CloudFront distribution with AWS Shield Advanced (needs `shieldAdvanced`).
   *
   * @param distribution the distribution
   */
  public protectDistribution(distribution: cloudfront.IDistribution): shield.CfnProtection {
    return this.protect(distribution, distribution.distributionArn);
  }

  private associate(what: string, target: IConstruct, resourceArn: string): wafv2.CfnWebACLAssociation {
    if (this.firewallScope !== WebFirewallScope.REGIONAL) {
      throw new DataProtectionError(
        `a web ACL of scope ${this.firewallScope} cannot be associated with a ${what}: only scope REGIONAL can; ` +
        'a CloudFront distribution takes webAclArn as its webAclId', this);
    }
    return new wafv2.CfnWebACLAssociation(this, `Association${Names.uniqueId(target)}`, {
      resourceArn,
      webAclArn: this.webAclArn,
    });
  }

  private protect(target: IConstruct, resourceArn: string): shield.CfnProtection {
    if (!this.shieldAdvanced) {
      throw new DataProtectionError(
        'Shield Advanced protections need shieldAdvanced: true (3,000 USD a month per organization, 1-year commitment), got shieldAdvanced: false', this);
    }
    const id = `Shield${Names.uniqueId(target)}`;
    const existing = this.node.tryFindChild(id) as shield.CfnProtection | undefined;
    return existing ?? new shield.CfnProtection(this, id, {
      name: Names.uniqueResourceName(target, { maxLength: 128, separator: '-' }),
      resourceArn,
    });
  }

  /**
   * The log group, its resource policy for WAF's log delivery, and the logging configuration.
   */
  private createLogging(policy: DataProtectionPolicy, key: kms.IKey | undefined): logs.LogGroup {
    const stack = Stack.of(this);
    // WAF accepts only log groups named aws-waf-logs-*, in the web ACL's account and region.
    const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
    const logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName,
      retention: policy.logRetentionFor(LogScope.WAF),
      key: key ?? stackLogKey(stack),
    });
    markLogScope(logGroup, LogScope.WAF);
    // The log group's ARN without the ':*' that LogGroup.logGroupArn carries: WAF refuses it.
    const logGroupArn = stack.formatArn({
      service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // WAF writes through the CloudWatch Logs delivery service; granting it here, for this group
    // and this account's sources only, keeps the deployment from depending on the deployer's
    // logs:PutResourcePolicy permission.
    const { policyDependable } = logGroup.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroupArn}:log-stream:*`],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
      },
    }));
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      logDestinationConfigs: [logGroupArn],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
      loggingFilter: wafLoggingFilter(policy),
    });
    logging.node.addDependency(logGroup);
    if (policyDependable) {
      logging.node.addDependency(policyDependable);
    }
    return logGroup;
  }
}

function checkCloudFrontRegion(scope: Construct, policy: DataProtectionPolicy): void {
  const region = Stack.of(scope).region;
  const known = Token.isUnresolved(region) ? policy.region : region;
  if (known === undefined) {
    Annotations.of(scope).addWarningV2('cdk-data-protection:cloudfront-web-acl-region',
      'A web ACL of scope CLOUDFRONT deploys only in us-east-1: deploy this environment-agnostic stack there.');
  } else if (known !== 'us-east-1') {
    throw new DataProtectionError(
      `scope CLOUDFRONT needs a stack in us-east-1 (WAF keeps CloudFront web ACLs there only), got ${known}; ` +
      'create the WebFirewall in a us-east-1 stack and pass its webAclArn to the distribution', scope);
  }
}

function validateRateLimit(limit: number, scope: Construct): number {
  if (Token.isUnresolved(limit)) {
    // The evidence report compares the rule's limit with the promise: a deploy-time value cannot be.
    throw new DataProtectionError(
      `rateLimit must be a literal whole number of requests, ${RATE_LIMIT.min}-${RATE_LIMIT.max}, so that it can be checked and proven, got a token`, scope);
  }
  if (!Number.isInteger(limit)) {
    throw new DataProtectionError(`rateLimit must be a whole number of requests, ${RATE_LIMIT.min}-${RATE_LIMIT.max}, got ${limit}`, scope);
  }
  if (limit < RATE_LIMIT.min) {
    throw new DataProtectionError(`rateLimit must be at least ${RATE_LIMIT.min} requests, got ${limit}`, scope);
  }
  if (limit > RATE_LIMIT.max) {
    throw new DataProtectionError(`rateLimit must be at most ${RATE_LIMIT.max.toLocaleString('en-US')} requests, got ${limit}`, scope);
  }
  return limit;
}

function validateRateLimitWindow(window: Duration, scope: Construct): number {
  if (window.isUnresolved()) {
    throw new DataProtectionError('rateLimitWindow must be a literal duration of 60, 120, 300 or 600 seconds, got a token', scope);
  }
  const seconds = window.toSeconds({ integral: false });
  if (!RATE_WINDOWS.includes(seconds)) {
    throw new DataProtectionError(`rateLimitWindow must be 60, 120, 300 or 600 seconds, got ${seconds}`, scope);
  }
  return seconds;
}

/** Checks the upload paths of `allowLargeBodies` and records the weakening. */
function validateUploadPaths(largeBodies: WebFirewallLargeBodies, scope: IConstruct): string[] {
  const paths = largeBodies.pathPrefixes;
  if (paths.length === 0 || paths.length > MAX_UPLOAD_PATHS) {
    throw new DataProtectionError(`allowLargeBodies.pathPrefixes must list 1-${MAX_UPLOAD_PATHS} paths, got ${paths.length}`, scope);
  }
  for (const path of paths) {
    if (Token.isUnresolved(path) || !/^\/[A-Za-z0-9\-._~/]{0,200}$/.test(path) || path === '/') {
      throw new DataProtectionError(
        `allowLargeBodies.pathPrefixes must be literal URI paths starting with '/' (letters, digits, - . _ ~ /), not '/' alone, got '${path}'`, scope);
    }
  }
  weaken(scope, 'waf-large-bodies', largeBodies,
    `request bodies over 8 KB are allowed under ${paths.join(', ')}, where WAF inspects only their first 8 KB`, 'allowLargeBodies');
  return paths;
}

/**
 * Blocks what the core rule set's body-size rule matched (it only counts, so it adds its label),
 * unless the request's path starts with one of the upload paths.
 */
function largeBodyRule(paths: string[], priority: number, visibilityConfig: wafv2.CfnWebACL.VisibilityConfigProperty): wafv2.CfnWebACL.RuleProperty {
  const uploads = paths.map((searchString): wafv2.CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString,
      textTransformations: [{ priority: 0, type: 'URL_DECODE' }, { priority: 1, type: 'NORMALIZE_PATH' }],
    },
  }));
  return {
    name: WebFirewall.LARGE_BODY_RULE_NAME,
    priority,
    action: { block: {} },
    statement: {
      andStatement: {
        statements: [
          { labelMatchStatement: { scope: 'LABEL', key: BODY_SIZE_LABEL } },
          { notStatement: { statement: uploads.length === 1 ? uploads[0] : { orStatement: { statements: uploads } } } },
        ],
      },
    },
    visibilityConfig,
  };
}

/**
 * The logging filter of the policy's `WafLoggingPromise`: none (every request) unless it
 * promises blocked requests only, which keeps requests a rule blocked (rate-based ones
 * included) and drops the others.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-wafv2-loggingconfiguration-loggingfilter.html
 * @see https://github.com/aws/aws-cdk/issues/23709
 */
function wafLoggingFilter(policy: DataProtectionPolicy): wafv2.CfnLoggingConfiguration.LoggingFilterProperty | undefined {
  if (policy.promiseOn('waf-logging')?.params.requests !== 'BLOCKED') {
    return undefined;
  }
  // LoggingFilter is untyped JSON in the CloudFormation schema: aws-cdk-lib passes the typed
  // struct through in camelCase, which CloudFormation refuses (aws/aws-cdk#23709); written as CloudFormation reads it.
  return {
    DefaultBehavior: 'DROP',
    Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
  } as unknown as wafv2.CfnLoggingConfiguration.LoggingFilterProperty;
}
