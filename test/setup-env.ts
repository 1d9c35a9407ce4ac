// aws-cdk-lib validates every synthesized template with its built-in CloudFormation Validate
// plugin (a WebAssembly rule engine that costs about a second per test file to load). Unit tests
// turn it off; test/reliability/schema.test.ts turns it back on for the reference app and every
// example, so each template CloudFormation receives is still validated once per run.
process.env.CDK_VALIDATION = 'false';
