import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';

// A collect stops V8's young generation from growing once the CLI starts (its launcher, for the
// peak memory of large collections), and still after its worker threads have started (which
// undoes the launcher's flag until it is set again); other commands keep V8's default, which
// grows it further. A preload reports the size of the young generation's space at exit.
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-young-generation-'));
  await mkdir(join(dir, 'logs'));
  // 15 MB: redaction's worker threads start, and enough survives for V8 to grow what it may.
  const lines = Array.from({ length: 200_000 }, (_, i) => `2025-03-04T10:00:00Z Checking for jobs... received job=${i} runner=t1_Xk2P9\n`);
  await writeFile(join(dir, 'logs', 'runner.log'), lines.join(''));
  const report = join(dir, 'report-new-space.cjs');
  await writeFile(report, "process.on('exit', () => require('fs').writeSync(2, `new space: ${require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size}\\n`));\n");
  env = { NODE_OPTIONS: `--require ${report}` };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function newSpace(stderr: string): number {
  const m = /new space: (\d+)/.exec(stderr);
  if (!m) throw new Error(`no report of the young generation in:\n${stderr}`);
  return Number(m[1]);
}

describe('the young generation of a collect', () => {
  it('stops growing when a collect starts, where analyze lets V8 grow it', async () => {
    const collect = await runCli(['collect', '--files', join(dir, 'logs'), '--out', join(dir, 'out.zip')], { env });
    expect(collect.code, collect.stderr).toBeLessThanOrEqual(1);
    const analyze = await runCli(['analyze', join(dir, 'logs')], { env });
    expect(analyze.code, analyze.stderr).toBeLessThanOrEqual(1);
    expect(newSpace(collect.stderr)).toBeLessThan(8 * 1024 * 1024);
    expect(newSpace(analyze.stderr)).toBeGreaterThan(newSpace(collect.stderr));
  });
});
