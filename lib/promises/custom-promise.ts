import { DataPromise } from './data-promise';
import type { Fact } from '../evidence/model';
import { CUSTOM_KIND } from '../evidence/promises';
import { registerCustomVerifier } from '../evidence/promises/custom';
import { DataProtectionError } from '../private/errors';

/** One synthesized template, as a custom promise's verifier reads it. */
export interface PromiseTemplate {
  /** The stack's artifact id. */
  readonly stackId: string;
  /** The parsed CloudFormation template (`Resources`, `Metadata`, ...). */
  readonly template: any;
  /**
   * The stack's region.
   * @default - environment-agnostic
   */
  readonly region?: string;
}

/** One fact a custom promise's verifier found: where, what it expected, what it found, whether that holds. */
export interface PromiseFact {
  /** The stack's artifact id. */
  readonly stackId: string;
  /**
   * The resource's logical id.
   * @default - a fact about the stack
   */
  readonly logicalId?: string;
  /** Where in the template (`Properties.MaxSessionDuration`). */
  readonly propertyPath: string;
  /** What the promise expects, as text. */
  readonly expected: string;
  /** What the template holds, as text. */
  readonly found: string;
  /** Whether the fact holds. */
  readonly satisfied: boolean;
  /**
   * Why it fails, or how it was read.
   * @default - none
   */
  readonly note?: string;
}

/**
 * The verifier of a custom promise: a pure function over the synthesized templates, in the
 * cdk-nag rule style. It returns every fact it checked; the promise is PROVEN only when it returns
 * at least one fact and every fact is satisfied.
 */
export interface ICustomPromiseVerifier {
  /**
   * The facts the templates show about the promise.
   *
   * @param templates the templates of the stacks the policy covers
   */
  verify(templates: PromiseTemplate[]): PromiseFact[];
}

/** Properties of a `CustomPromise`. */
export interface CustomPromiseProps {
  /** The promise's id in reports (`sessions-expire-12h`): unique in the app. */
  readonly id: string;
  /** The sentence, as the trust page states it ("Admin sessions expire after 12 hours."). */
  readonly sentence: string;
  /** The verifier over the templates. */
  readonly verifier: ICustomPromiseVerifier;
  /**
   * SOC 2 trust services criteria it serves (`CC6.1`).
   * @default - none
   */
  readonly soc2?: string[];
  /**
   * ISO/IEC 27001:2022 Annex A controls (`8.5`).
   * @default - none
   */
  readonly iso27001?: string[];
  /**
   * GDPR Art. 32(1) points (`32(1)(b)`).
   * @default - none
   */
  readonly gdprArt32?: string[];
  /**
   * CNIL security guide sheets.
   * @default - none
   */
  readonly cnilSheets?: number[];
}

/**
 * A team's own promise: its id, sentence, verifier and control mapping. Give it to a
 * `DataProtectionPolicy` (`promises`) like a built-in one: it is recorded in the templates (kind
 * `custom`) and appears in every report format with its verdict and facts.
 *
 * Its verifier is code, which only the app that defines it holds: the report written on
 * `npx cdk synth` runs it. The standalone CLI (`npx cdk-data-protection evidence cdk.out`) has no
 * such code; it reports the promise NOT_PROVABLE, saying so, and never PROVEN.
 */
export class CustomPromise extends DataPromise {
  /** The verifier. */
  public readonly verifier: ICustomPromiseVerifier;
  private readonly customSubject: string;

  constructor(props: CustomPromiseProps) {
    if (props.sentence.trim().length < 10 || props.sentence.length > 500) {
      throw new DataProtectionError(`CustomPromise '${props.id}' sentence must be 10-500 characters, got '${props.sentence}'`);
    }
    super(props.id, CUSTOM_KIND, {
      soc2: props.soc2 ?? [], iso27001: props.iso27001 ?? [], gdprArt32: props.gdprArt32 ?? [], cnilSheets: props.cnilSheets ?? [],
    }, props.sentence);
    this.verifier = props.verifier;
    this.customSubject = `custom.${props.id}`;
    const verifier = props.verifier;
    registerCustomVerifier(props.id, {
      text: props.sentence,
      verify: ({ stacks }) => verifier.verify(stacks.map((s) => ({ stackId: s.id, template: s.template, region: s.region })))
        .map((f): Fact => ({
          stack: f.stackId,
          logicalId: f.logicalId,
          constructPath: stacks.find((s) => s.id === f.stackId)?.resources.find((r) => r.logicalId === f.logicalId)?.constructPath,
          propertyPath: f.propertyPath,
          expected: f.expected,
          found: f.found,
          satisfied: f.satisfied === true,
          note: f.note,
        })),
    });
  }

  public get subject(): string {
    return this.customSubject;
  }
}
