// `npm run bench [-- ARGS]`: runs every benchmark under build/bench/ in turn and prints their
// figures. Arguments (e.g. `--size 1G`) are passed to each; `--only NAME` runs one.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
const scripts = readdirSync(new URL('./bench/', import.meta.url))
  .filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
  .filter((f) => !only || f.replace(/\.mjs$/, '') === only)
  .sort();
if (scripts.length === 0) {
  console.error(only ? `no benchmark named ${only}` : 'no benchmarks found under build/bench/');
  process.exit(2);
}
let failed = 0;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const r = spawnSync(process.execPath, [`build/bench/${script}`, ...args], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
