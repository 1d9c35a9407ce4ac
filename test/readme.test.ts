import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');

describe('README', () => {
  test('starts with the two set-up commands: the main job and the tests', () => {
    const firstBlock = readme.split('```')[1];
    expect(firstBlock).toMatch(/^sh\nnpm ci && npx cdk synth\b.*\nnpm ci && npm test\b/);
  });

  test.each(['examples/quick-start/app.ts', 'examples/durability/app.ts', 'examples/audit/app.ts', 'examples/perimeter/app.ts', 'examples/identity/app.ts', 'examples/video-recordings/app.ts', 'examples/invoice-forwarding/app.ts'])('the README shows %s, compiled and tested, verbatim', (example) => {
    const marker = `<!-- example: ${example}`;
    expect(readme).toContain(marker);
    const after = readme.slice(readme.indexOf(marker));
    const block = after.slice(after.indexOf('```ts\n') + 6, after.indexOf('\n```', after.indexOf('```ts\n')));
    const source = fs.readFileSync(path.join(root, example), 'utf-8');
    expect(block.trim()).toEqual(source.trim());
  });

  test('.ci/run calls the README\'s test command and the main job', () => {
    const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf-8');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/npx cdk synth/);
  });
});
