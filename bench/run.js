#!/usr/bin/env node
// `npm run bench`: bundles the TypeScript benchmark (bench/run.ts) with esbuild, without type
// checking (that is the compile step's job), into .app/bench/, and runs it. Options: see bench/run.ts.
const path = require('path');

const outfile = path.join(__dirname, '..', '.app', 'bench', 'run.js');
require('esbuild').buildSync({
  entryPoints: [path.join(__dirname, 'run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
require(outfile).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`bench: ${err.message}\n`); process.exitCode = 1; },
);
