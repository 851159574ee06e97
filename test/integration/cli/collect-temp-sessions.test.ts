import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';

// Redacted evidence lives in a temp folder per run; a run that was killed (kill -9, a crash)
// cannot remove its own, so the next collection does.
let dir: string;
let stale: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-temp-sessions-'));
  await writeFile(join(dir, 'runner.log'), 'Checking for jobs... received job=1\n');
  stale = join(dir, 'tmp', 'runner-doctor-session-killed');
  await mkdir(stale, { recursive: true });
  // The pid of a process that has ended, as a killed run's folder names it.
  await writeFile(join(stale, '.owner-pid'), String(spawnSync(process.execPath, ['-e', '0']).pid));
  await writeFile(join(stale, 'runner.log'), 'redacted evidence of a killed run');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('collect and the temp folders of earlier runs', () => {
  it('removes the folder a killed run left behind, and leaves none of its own', async () => {
    const env = { TMPDIR: join(dir, 'tmp'), RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config') };
    const r = await runCli(['collect', '--files', join(dir, 'runner.log'), '--out', join(dir, 'b.zip')], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(dir, 'tmp'))).toBe(true);
    expect((await readdir(join(dir, 'tmp'))).filter((n) => n.startsWith('runner-doctor-session-'))).toEqual([]);
  });
});
