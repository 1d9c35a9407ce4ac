/**
 * The floor: node, loading aws-cdk-lib, and `new App().synth()` of an empty Stack.
 * Every other benchmark pays at least this much.
 */
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'Empty');
app.synth();
