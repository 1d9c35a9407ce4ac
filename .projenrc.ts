import { awscdk, javascript, DependencyType } from 'projen';

/**
 * cdk-data-protection: the project definition.
 *
 * Layout follows cdk-monitoring-constructs: TypeScript sources live in `lib/`
 * and jsii compiles them in place (`lib/**\/*.js` and `*.d.ts` are ignored by git).
 * Everything generated from here (package.json, tsconfig*.json, .projen/) is
 * changed by editing this file and running `npx projen`.
 */

/** The aws-cdk-lib the library is developed and tested on. */
const CDK_DEV_VERSION = '2.276.0';
/**
 * The oldest aws-cdk-lib users may bring. cdk-nag 3 needs `Validations` and `appConstruct` (>= 2.262.1), and the
 * acknowledgements of granular findings (`AwsSolutions-IAM4[Policy::arn:...]`) need 2.269.0: before it,
 * `Validations.acknowledge` refused ids with more than one `::` (aws/aws-cdk#38787; test/compat/run.sh checks it).
 */
const CDK_MIN_VERSION = '2.269.0';
/**
 * The CDK CLI. `aws-cdk@3` cannot read the cloud assembly of aws-cdk-lib 2.276,
 * so the CLI is pinned (see shared/spec/design.md, toolchain facts).
 */
const CDK_CLI_VERSION = '2.1148.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-data-protection',
  description:
    'AWS CDK constructs that turn a SaaS security & privacy page into infrastructure, and the synthesized templates back into evidence.',
  author: 'cdk-data-protection contributors',
  authorAddress: 'security@cdk-data-protection.dev',
  repositoryUrl: 'https://github.com/cdk-data-protection/cdk-data-protection.git',
  keywords: ['cdk', 'awscdk', 'security', 'compliance', 'data-protection', 'cdk-nag', 'evidence', 'gdpr', 'soc2'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // In-place compile (cdk-monitoring-constructs layout).
  srcdir: 'lib',
  libdir: 'lib',
  testdir: 'test',

  cdkVersion: CDK_MIN_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  // Node 20 is end-of-life, and AWS SDK v3 releases after the first week of January 2027 need Node >= 22.
  minNodeVersion: '22.0.0',
  // The peer range stays `^2.269.0`; the dev version is set below, not pinned to the minimum.
  peerDependencyOptions: { pinnedDevDependency: false },

  deps: [
    'cdk-nag@^3.0.2',
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
  ],
  // The organization baseline's per-account stack is a cdklabs StackSetStack (template as an asset of the management
  // stack), and its StackSet a cdk-stacksets StackSet: types of the public API, so a peer dependency (jsii JSII5).
  peerDeps: ['cdk-stacksets@^0.0.153'],
  // @viz-js/viz: Graphviz compiled to WebAssembly (architecture.svg on every synth, no system binary); it ships a
  // CommonJS build, which the in-place jsii output needs (@hpcc-js/wasm-graphviz is ESM only).
  // The observe command's read-only calls (AWS SDK v3, one client per service it reads). No version:
  // the registry here serves the AWS packages at different versions, so each takes its newest.
  bundledDeps: ['@aws-sdk/client-sts@^3', '@viz-js/viz@^3.31.0',
    '@aws-sdk/client-cloudformation', '@aws-sdk/client-backup', '@aws-sdk/client-sns', '@aws-sdk/client-eventbridge',
    '@aws-sdk/client-guardduty', '@aws-sdk/client-securityhub', '@aws-sdk/client-config-service', '@aws-sdk/client-inspector2',
    '@aws-sdk/client-cloudtrail', '@aws-sdk/client-cloudwatch-logs', '@aws-sdk/client-s3', '@aws-sdk/client-rds'],
  devDeps: [
    `aws-cdk@${CDK_CLI_VERSION}`,
    // The peer dependency above, installed for development (peer dependencies are not pinned as dev ones here).
    'cdk-stacksets@^0.0.153',
    'esbuild@^0.28.0',
    // Sucrase: a pure-JavaScript TypeScript transform for jest. swc and unrs-resolver ship
    // per-platform binaries that the registry here does not all serve, which breaks `npm ci`.
    'sucrase@^3.35.0',
    '@sucrase/jest-plugin@^3.0.0',
    // Tests of the deploy-guard CLI mock STS; the MFA policy logic is checked with an IAM evaluator.
    'aws-sdk-client-mock@^4.1.0',
    '@cloud-copilot/iam-simulate@^0.1.173',
    // The SARIF report is validated against the OASIS SARIF 2.1.0 JSON schema (rtm.5, which this
    // package ships with its jest matcher; it differs from the final schema only in guid patterns).
    '@microsoft/jest-sarif@1.0.0-beta.0',
    // Reliability tests: property-based inputs, CloudFormation resource schemas, mutation testing (StrykerJS 9: version 10 needs Node 22, and CI runs Node 20).
    'fast-check@^4.10.2',
    '@aws-cdk/aws-service-spec@0.1.216',
    '@aws-cdk/service-spec-types@0.0.282',
    '@stryker-mutator/core@9.6.1',
    '@stryker-mutator/jest-runner@9.6.1',
    // The browser test of trust-page.html drives the system's Chromium (Debian `chromium`, installed by .ci/run).
    'playwright-core@^1.65.1',
  ],

  // GitHub workflows, release and mergify are not how this project ships: CI is `.ci/run`.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jest: true,
  tsJestOptions: { transformPattern: '^.+\\.tsx?$' },
  jestOptions: {
    // jest 30 resolves modules through native unrs-resolver bindings; jest 29 is pure JavaScript.
    jestVersion: '^29',
    // A snapshot that changes must fail, never be rewritten silently.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Prefer the TypeScript source over stale in-place compiled JavaScript.
      moduleFileExtensions: ['ts', 'js', 'json', 'node'],
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '<rootDir>/\\.stryker-tmp'],
      // StrykerJS sandboxes hold copies of package.json: keep them out of jest's module map.
      modulePathIgnorePatterns: ['<rootDir>/\\.stryker-tmp'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      // 2 cores: one worker per core, and recycle workers that grow (synthesis is memory-hungry).
      maxWorkers: 2,
      workerIdleMemoryLimit: '1GB',
      testTimeout: 120_000,
      moduleNameMapper: { '^cdk-data-protection$': '<rootDir>/lib/index.ts' },
      // Unit tests skip aws-cdk-lib's built-in template validation (see test/setup-env.ts).
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      // Slowest test files first, also on a fresh clone without jest's cached durations (see test/sequencer.js).
      testSequencer: '<rootDir>/test/sequencer.js',
    },
  },
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'bin', 'examples', 'bench', '.projenrc.ts'],
    fileExtensions: ['.ts'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', 'cdk.out/', 'coverage/', 'test-reports/'],
  },
  tsconfigDev: {
    // Examples import the package by its published name; resolve it to the sources.
    compilerOptions: { baseUrl: '..', paths: { 'cdk-data-protection': ['lib/index.ts'] } },
    include: ['../bin/**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts'],
  },

  gitignore: [
    '/lib/**/*.js',
    '/lib/**/*.d.ts',
    'cdk.out/',
    '/.app/',
    '/examples/**/cdk.out/',
    // StrykerJS: its sandbox and its reports (HTML, JSON and the incremental file).
    '/.stryker-tmp*/',
    '/reports/',
    '.DS_Store',
  ],
});

// aws-cdk-lib: peer `^2.269.0` for users, developed and tested on 2.276.x.
project.deps.addDependency(`aws-cdk-lib@${CDK_DEV_VERSION}`, DependencyType.BUILD);
project.deps.addDependency('constructs@10.5.1', DependencyType.BUILD);

// Sucrase strips types without type checking: type checking belongs to the compile step.
// The override replaces projen's ts-jest entry (same pattern key, set in tsJestOptions).
project.package.file.addOverride('jest.transform', { '^.+\\.tsx?$': '@sucrase/jest-plugin' });
project.package.file.addOverride('jest.testMatch', ['<rootDir>/test/**/*.test.ts']);

for (const pattern of ['/examples/', '/bench/', '/cdk.json', '/.ci/', '/cdk.out/', '/.app/', '/bin/reference-app.ts', '/docs/']) {
  project.addPackageIgnore(pattern);
}
// The package ships compiled JavaScript and declarations only: TypeScript sources next to the .js make apps that run
// ts-node --prefer-ts-exts load lib/*.ts and fail (test/package checks the packed tarball as a new user installs it).
for (const pattern of ['/lib/**/*.ts', '!/lib/**/*.d.ts', '/stryker.config.mjs', '/reports/', '/.stryker-tmp*/']) {
  project.addPackageIgnore(pattern);
}

// eslint-import-resolver-typescript 4 needs native unrs-resolver bindings; 3.6 is pure JavaScript.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// Supported Node.js LTS lines, each tested in CI (.ci/run). Node 20 is end-of-life: the bundled AWS SDK warns on it, and its
// releases after the first week of January 2027 need Node >= 22. The repository itself still builds on Node 20.
project.package.addEngine('node', '^22.0.0 || ^24.0.0');

// jsii compiles lib/ in place; jest and eslint must not read the compiled output.
project.tsconfigDev.addExclude('../cdk.out');

// jsii: aws-cdk-lib is a peer at the minimum version and a dev dependency at the version we develop on, on purpose.
project.compileTask.reset('jsii --silence-warnings=reserved-word --silence-warnings=JSII6');
// jsii writes the CLI entry point without the executable bit; `npx cdk-data-protection` in this repository needs it
// (npm sets it for installed packages).
project.compileTask.exec('chmod +x lib/cli/main.js');
project.tasks.tryFind('watch')?.reset('jsii -w --silence-warnings=reserved-word --silence-warnings=JSII6');

// `npm test` = compile (jsii, type checks) + API.md + tests + lint, with no file rewritten.
const test = project.testTask;
test.reset();
test.spawn(project.compileTask);
test.spawn(project.tasks.tryFind('docgen')!);
// Tests, bin/ and examples/ are type-checked here; jest then runs them untyped through sucrase.
test.exec(`tsc --noEmit -p ${project.tsconfigDev.fileName}`);
test.exec('jest --passWithNoTests --ci', { receiveArgs: true });
test.exec(
  'eslint --ext .ts --no-error-on-unmatched-pattern --max-warnings 0 lib test bin examples bench .projenrc.ts',
  { env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' } },
);
// bin/ and examples/ are type-checked through test/tsconfig.json; eslint's project service reads them on their own.
project.eslint?.allowDefaultProjectFiles('bin/*.ts', 'examples/*/*.ts');
// One default project per example and app: typescript-eslint allows 8 unless told otherwise.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('parserOptions.projectService.maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING', 32);
// Examples import the package by name as users do; tsc resolves it through `paths` and checks it.
project.eslint?.addOverride({ files: ['examples/**/*.ts', 'test/package/apps/**/*.ts'], rules: { 'import/no-unresolved': 'off' } });

// The deploy-guard CLI (`npx cdk-data-protection whoami | mfa-session`), compiled in place by jsii.
project.addBins({ 'cdk-data-protection': 'lib/cli/main.js' });

project.addTask('synth:reference', {
  description: 'Synthesize the reference app with every check and the evidence report (same as `npx cdk synth`).',
  exec: 'cdk synth --quiet',
});

project.addTask('bench', {
  description: 'Benchmarks: whole-process synthesis against plain aws-cdk-lib and an empty app, the evidence CLI, TenantFleet (see bench/README.md).',
  exec: 'node bench/run.js',
  receiveArgs: true,
});

project.addTask('mutation', {
  description: 'Mutation testing of lib/policy and lib/evidence with StrykerJS (slow; incremental; see stryker.config.mjs).',
  exec: 'stryker run',
  receiveArgs: true,
});

project.synth();
