/**
 * An explicit, reasoned decision to weaken one secure default.
 *
 * Passing it is the only way to turn a default off; the reason is written into a
 * warning on the construct and, where a compliance rule reports the same fact, into
 * that rule's acknowledgement, so reviewers read it next to the finding.
 */
export interface Weakening {
  /** Why the default does not fit here; at least 10 characters. */
  readonly reason: string;
}
