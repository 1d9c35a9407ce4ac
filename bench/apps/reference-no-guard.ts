/**
 * The reference app with every cdk-nag pack and the evidence report, but without the Control
 * Tower guard rules: the very stacks of bin/reference-app.ts (imported, not copied). The order of
 * the two imports matters: the guard is turned off first.
 */
import './without-control-tower';
import '../../bin/reference-app';
