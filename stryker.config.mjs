// Mutation testing of the policy model and the evidence engine (issue 8): `npm run mutation`.
// Slow by nature (every mutant re-runs the tests that cover it), so it is not part of `npm test`.
// Incremental: results are kept in reports/stryker-incremental.json, and a re-run only tests the
// mutants of code or tests that changed. Narrow a run with `npm run mutation -- --mutate lib/policy/backup-schedule.ts`.

// The jest runner loads every test file that imports the mutated file (--findRelatedTests), and
// all our tests import lib/index.ts: each mutant loads all the test files below (aws-cdk-lib
// included), 4-9 s a mutant on two busy cores, although only the tests that cover it run.
// STRYKER_TESTS narrows the test files of a run (comma-separated globs from the repo root) to
// the suites that mirror the mutated files, several times faster; mutants that only other
// suites kill then show as survivors, a stricter measure (does the module's own suite kill them):
//   STRYKER_TESTS='test/policy/**/*.test.ts' npm run mutation -- --mutate 'lib/policy/**/*.ts,!lib/**/index.ts'
//   STRYKER_TESTS='test/evidence/verify.test.ts' npm run mutation -- --mutate lib/evidence/verify.ts \
//     --incrementalFile reports/stryker-incremental-verify.json
// (a separate --incrementalFile per narrowed run keeps each one's results apart).
const TEST_MATCH = process.env.STRYKER_TESTS
  ? process.env.STRYKER_TESTS.split(',').map((glob) => `<rootDir>/${glob.trim()}`)
  : ['<rootDir>/test/policy/**/*.test.ts', '<rootDir>/test/evidence/**/*.test.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  mutate: ['lib/policy/**/*.ts', 'lib/evidence/**/*.ts', '!lib/**/index.ts', '!lib/**/*.d.ts'],
  jest: {
    projectType: 'custom',
    // Merged over package.json's "jest" key (projectType 'custom' reads it: sucrase transform,
    // setupFiles test/setup-env.ts, moduleNameMapper), then Stryker's own overrides on top
    // (reporters [], collectCoverage false, its coverage-reporting testEnvironment).
    config: {
      // The unit tests of lib/policy and lib/evidence. Left out: the all-pack compliance suites
      // (5-20 s of cdk-nag per synth, per mutant) and test/reliability/weakening-*.test.ts
      // (whole-app synths that cover most evidence mutants, so each would multiply the run time;
      // pass them through STRYKER_TESTS for a stricter, slower run).
      testMatch: TEST_MATCH,
      // package.json ignores '/\\.stryker-tmp' so that `npm test` skips the sandboxes; inside a
      // sandbox every test path contains /.stryker-tmp/, so that pattern would ignore them all
      // ("No tests were found"). Anchored to <rootDir>, it still skips sandboxes nested in one.
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '<rootDir>/\\.stryker-tmp'],
      // perTest coverage needs the tests to run in the Stryker test-runner process itself: its jest
      // environment records which test files and tests reached which mutant in a module-level
      // object there. With package.json's `workerIdleMemoryLimit: '1GB'`, jest 29.7 runs the tests
      // in a child worker even under Stryker's --runInBand (shouldRunInBand() in @jest/core returns
      // false whenever a memory limit is set, so that the one worker can be recycled), and the dry
      // run fails with "Missing coverage results for: test/...". `null` switches it off; `undefined`
      // does not, since it is lost when Stryker hands its options to the runner process as JSON.
      workerIdleMemoryLimit: null,
    },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // Static mutants (constant tables such as the claim catalog) need every test per mutant; skip them.
  ignoreStatic: true,
  // Two cores: one jest process per core.
  concurrency: 2,
  timeoutMS: 60_000,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 80, low: 60, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Not copied to the sandbox: other runs' sandboxes (a second run with its own --tempDirName
  // would otherwise copy the first one's, 1,300 files), coverage output and the compiled app.
  ignorePatterns: ['/.stryker-tmp*', '/coverage', '/test-reports', '/cdk.out', '/.app'],
};
