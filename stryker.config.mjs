// Mutation testing of the policy model and the evidence engine (issue 8): `npm run mutation`.
// Slow by nature (every mutant re-runs the tests that cover it), so it is not part of `npm test`.
// Incremental: results are kept in reports/stryker-incremental.json, and a re-run only tests the
// mutants of code or tests that changed. Narrow a run with `npm run mutation -- --mutate lib/policy/backup-schedule.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  mutate: ['lib/policy/**/*.ts', 'lib/evidence/**/*.ts', '!lib/**/index.ts', '!lib/**/*.d.ts'],
  jest: {
    projectType: 'custom',
    // The tests that exercise lib/policy and lib/evidence; the all-pack compliance suites are left out (minutes per mutant).
    config: {
      testMatch: ['<rootDir>/test/policy/**/*.test.ts', '<rootDir>/test/evidence/**/*.test.ts', '<rootDir>/test/reliability/weakening*.test.ts'],
      // Stryker collects per-test coverage in its own process: no jest worker processes, which
      // jest 29 starts even in band when workerIdleMemoryLimit is set.
      workerIdleMemoryLimit: undefined,
      reporters: ['default'],
      collectCoverage: false,
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
};
