import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';

// The rollback store is an input the user's machine holds (it can be edited or damaged): what
// `fix` prints from it must not drive the terminal, and a damaged one must not print a stack.
let dir: string;
let logs: string;
const rollbackFile = () => join(dir, 'rollback', 'job-stuck-running.json');
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: dir });
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-fixout-'));
  await mkdir(join(dir, 'rollback'));
  logs = join(dir, 'runner.log');
  await writeFile(logs, 'nothing here\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fix prints through the terminal sanitiser', () => {
  it('shows OSC 52, CSI and C1 CSI from a stored plan escaped', async () => {
    const plan = {
      fixId: 'cancel-stuck-job',
      findingId: 'job-stuck-running',
      planId: 'p1',
      title: 'cancel \u001b]52;c;ZWNobyBwd25lZA==\u0007 job',
      target: { label: 'job 7\u001b[2J' },
      changes: ['cancel job 7\u009b31m'],
      calls: [],
      notes: [],
      rollback: { possible: true, how: 'nothing to undo' },
      data: {},
    };
    await writeFile(rollbackFile(), JSON.stringify(plan));
    const r = await runCli(['fix', 'job-stuck-running', '--rollback', '--files', logs], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('cancel \\x1b]52;c;ZWNobyBwd25lZA==\\x07 job');
    expect(r.stdout).toContain('job 7\\x1b[2J');
    expect(r.stdout).not.toMatch(CONTROLS);
    expect(r.stderr).toMatch(/not rolled back/);
  });
});

describe('an unexpected internal error', () => {
  it('is one line saying what failed and how to report it, exit 2, no stack', async () => {
    await writeFile(rollbackFile(), '{"fixId": "cancel-stuck-job", "title": ');
    const r = await runCli(['fix', 'job-stuck-running', '--rollback', '--files', logs], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^runner-doctor fix failed with an unexpected internal error \(SyntaxError in readKept \(.*:\d+\)\): .*JSON.*report it .* RUNNER_DOCTOR_DEBUG=1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('prints the full stack with RUNNER_DOCTOR_DEBUG=1', async () => {
    await writeFile(rollbackFile(), '{"fixId": ');
    const r = await runCli(['fix', 'job-stuck-running', '--rollback', '--files', logs], { env: { ...env(), RUNNER_DOCTOR_DEBUG: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unexpected internal error/);
    expect(r.stderr).toMatch(/\n\s+at .*loadRollback/);
  });
});
