// Writes dashboards/*.json. Usage: node build/src/generate.js OUT_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DASHBOARDS, render } from './dashboards.js';

function main(argv: string[]): number {
  const out = argv[0];
  if (!out || argv.length !== 1) {
    process.stderr.write('usage: generate.js OUT_DIR\n');
    return 2;
  }
  mkdirSync(out, { recursive: true });
  for (const [file, build] of Object.entries(DASHBOARDS)) {
    writeFileSync(join(out, file), render(build()));
    process.stdout.write(`wrote ${file}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
