// `npm test`: builds what the tests run (CLI, renderer), then typecheck, lint (which enforces
// the layering) and every Vitest project. Build, typecheck and lint are reported as steps on
// their own line; the last line counts the tests only, `N passed, N failed, N skipped`. The
// exit code is non-zero if a step or a test failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const steps = [];

function step(name, command, args) {
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  steps.push(`${name} ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) failures.push(name);
  return ok;
}

const builtOk = step('build', 'npm', ['run', '--silent', 'build:test']);
step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
if (builtOk) {
  process.stdout.write('\n== tests: vitest run (unit, integration, e2e)\n');
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { stdio: 'inherit', env: process.env });
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    results.passed += json.numPassedTests ?? 0;
    results.failed += json.numFailedTests ?? 0;
    results.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    // A test file that failed to load has no tests to count; count it as a failure.
    const broken = (json.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0);
    results.failed += broken.length;
    for (const f of broken) failures.push(`${f.name} (did not load)`);
    if (r.status !== 0 && (json.numFailedTests ?? 0) === 0 && broken.length === 0) {
      results.failed++;
      failures.push('vitest exited with an error');
    }
  } else {
    results.failed++;
    failures.push('vitest wrote no report');
  }
} else {
  failures.push('tests not run: the build failed');
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`\nSteps: ${steps.join(', ')}\n`);
process.stdout.write(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped\n`);
process.exit(results.failed || failures.length ? 1 : 0);
