/**
 * The public API the rows use: the package by its name (jest and the test tsconfig map it to
 * lib/index.ts; a fresh app over the packed tarball resolves the installed package).
 */
// eslint-disable-next-line import/no-unresolved
export * from 'cdk-data-protection';
