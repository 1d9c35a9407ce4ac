/**
 * The reference app without the compliance packs and without the evidence report: the very
 * stacks of bin/reference-app.ts (imported, not copied), with the same policy, aspects and
 * constructs. The order of the two imports matters: the checks are turned off first.
 */
import './without-checks';
import '../../bin/reference-app';
