import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CloudFormationValidatePlugin, IPolicyValidationContext, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { warmCloudFormationValidate } from '../../lib/private/cfn-validate-warmup';

/** An app of two stacks, one in a nested stage, synthesized; the context a plugin on the App gets, and every template. */
function synthesized(props: { builtinCloudFormationValidation?: boolean } = {}): { app: App; context: IPolicyValidationContext; all: string[] } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-warm-')), ...props });
  new s3.Bucket(new Stack(app, 'Files'), 'Bucket');
  new sqs.Queue(new Stack(new Stage(app, 'Nested'), 'Queues'), 'Queue');
  // Synthesized without the built-in validation, which would build the engine itself.
  process.env.CDK_VALIDATION = 'false';
  const assembly = app.synth();
  delete process.env.CDK_VALIDATION;
  const files = assembly.stacks.map((s) => s.templateFullPath);
  const nested = assembly.getNestedAssembly('assembly-Nested').stacks.map((s) => s.templateFullPath);
  return {
    app,
    context: { templatePaths: files, stackTemplates: [], appConstruct: app } as unknown as IPolicyValidationContext,
    all: [...files, ...nested],
  };
}

describe('warmCloudFormationValidate (the built-in validation\'s engine, built while cfn-guard runs)', () => {
  const saved = process.env.CDK_VALIDATION;
  beforeEach(() => delete process.env.CDK_VALIDATION);
  afterEach(() => {
    jest.restoreAllMocks();
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
    (CloudFormationValidatePlugin as any)._disposeSingleton();
  });

  test('builds the engine the plugin then reuses: the same one, for the types of every template, nested stages included', () => {
    // GIVEN
    const { context, all } = synthesized();
    const plugin = (CloudFormationValidatePlugin as any)._singletonInstance();
    expect(plugin.engine).toBeUndefined();
    const build = jest.spyOn(plugin, 'initializeEngine');

    // WHEN
    const warmed = warmCloudFormationValidate(context);
    const engine = plugin.engine;
    const report = plugin.validate({ ...context, templatePaths: all, stackTemplates: all.map((templatePath) => ({ templatePath, stackConstructPath: 'S' })) });

    // THEN
    expect(warmed).toBe(true);
    expect(engine).toBeDefined();
    expect(plugin.engine).toBe(engine);
    expect(build).toHaveBeenCalledTimes(2);
    expect(build.mock.calls[0][0]).toEqual(new Set(['AWS::S3::Bucket', 'AWS::SQS::Queue']));
    expect(build.mock.results[1].value).toBe(engine);
    expect(report.success).toBe(true);
  });

  test.each([
    ['CDK_VALIDATION=false', 'false', {}],
    ['builtinCloudFormationValidation: false', undefined, { builtinCloudFormationValidation: false }],
  ])('builds nothing when the built-in validation is off (%s)', (_, env, props) => {
    // GIVEN
    const { context } = synthesized(props);
    if (env !== undefined) process.env.CDK_VALIDATION = env;
    const build = jest.spyOn((CloudFormationValidatePlugin as any).prototype, 'initializeEngine').mockImplementation(() => undefined);

    // WHEN
    const warmed = warmCloudFormationValidate(context);

    // THEN
    expect(warmed).toBe(false);
    expect(build).not.toHaveBeenCalled();
  });

  test('builds the engine of the app\'s own registered instance, which runs instead of the built-in one', () => {
    // GIVEN
    const { app, context } = synthesized({ builtinCloudFormationValidation: false });
    const own = new CloudFormationValidatePlugin();
    Validations.of(app).addPlugins(own);
    const built: unknown[] = [];
    jest.spyOn((CloudFormationValidatePlugin as any).prototype, 'initializeEngine').mockImplementation(function (this: unknown) {
      built.push(this);
    });

    // WHEN
    const warmed = warmCloudFormationValidate(context);

    // THEN
    expect(warmed).toBe(true);
    expect(built).toEqual([own]);
  });

  test('does nothing, and throws nothing, when the engine cannot be built (the plugin meets the error in its own turn)', () => {
    // GIVEN
    const { context } = synthesized();
    jest.spyOn((CloudFormationValidatePlugin as any).prototype, 'initializeEngine').mockImplementation(() => {
      throw new Error('CloudFormationValidatePlugin already disposed');
    });

    // WHEN / THEN
    expect(warmCloudFormationValidate(context)).toBe(false);
  });
});
