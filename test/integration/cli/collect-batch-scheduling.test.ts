import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulingPolicy } from '../../../electron/cli/batch-scheduling';
import { requireTool } from '../../helpers/require-tool';
import { runCli } from '../../helpers/run-cli';

// A collect runs its threads under SCHED_BATCH (batch-scheduling.ts); other commands, and a
// collect the user started under another policy, keep theirs. Each command reads a named pipe
// that is opened for writing only once its threads' policies have been read, so the process
// is looked at while it runs.
const SCHED_OTHER = 0;
const SCHED_BATCH = 3;
const SCHED_IDLE = 5;

let dir: string;
let fifo: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-batch-'));
  fifo = join(dir, 'runner.log');
  execFileSync('mkfifo', [fifo]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The policy of each of the process's threads. */
function threadPolicies(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => schedulingPolicy(pid, Number(tid)) ?? -1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `ready` every 20 ms for up to 5 s (the CLI waits 10 s for a writer to the pipe before it
 * gives up on it); whether it came true.
 */
async function until(ready: () => boolean): Promise<boolean> {
  for (const end = Date.now() + 5_000; !ready(); await sleep(20)) if (Date.now() > end) return false;
  return true;
}

/**
 * Runs the CLI (under `launcher`, e.g. chrt) on the pipe, reads its threads' policies with
 * `look` while it waits for the pipe, then writes a line into the pipe and closes it, so that
 * the command reads it and ends; returns what `look` read.
 */
async function policiesWhileRunning(launcher: string[], args: string[], look: (pid: number) => Promise<number[]>): Promise<number[]> {
  let policies: number[] = [];
  const r = await runCli(args, {
    launcher,
    whileRunning: async (pid) => {
      policies = await look(pid);
      await writeFile(fifo, '2025-03-04T10:00:00Z Checking for jobs... received job=1\n');
    },
  });
  expect(r.code, r.stderr).toBeLessThanOrEqual(1);
  return policies;
}

const all = (policies: number[], policy: number) => policies.length > 1 && policies.every((p) => p === policy);

describe('collect under SCHED_BATCH', () => {
  if (process.platform !== 'linux') {
    it.skip('SCHED_BATCH is a Linux policy', () => {});
    return;
  }
  if (!requireTool('chrt', '/usr/bin/chrt')) return;

  it('moves every thread of a collect from the default policy to SCHED_BATCH', async () => {
    const policies = await policiesWhileRunning([], ['collect', '--files', fifo, '--out', join(dir, 'a.zip')], async (pid) => {
      await until(() => all(threadPolicies(pid), SCHED_BATCH));
      return threadPolicies(pid);
    });
    expect(all(policies, SCHED_BATCH), `thread policies: ${policies.join(' ')}`).toBe(true);
  }, 30_000);

  it('leaves a collect started under another policy (chrt --idle) as it is', async () => {
    const out = join(dir, 'b.zip');
    const policies = await policiesWhileRunning(['chrt', '--idle', '0'], ['collect', '--files', fifo, '--out', out], async (pid) => {
      // The policy is asked for right after the bundle's lock file is made: once it is there,
      // half a second is long enough for a change, had one been asked for, to show.
      expect(await until(() => existsSync(`${out}.lock`))).toBe(true);
      await sleep(500);
      return threadPolicies(pid);
    });
    expect(all(policies, SCHED_IDLE), `thread policies: ${policies.join(' ')}`).toBe(true);
  }, 30_000);

  it('keeps analyze under the default policy', async () => {
    const policies = await policiesWhileRunning([], ['analyze', fifo], async (pid) => {
      // Node's own threads show it has started; a second is long enough for its modules to load.
      expect(await until(() => threadPolicies(pid).length > 4)).toBe(true);
      await sleep(1_000);
      return threadPolicies(pid);
    });
    expect(all(policies, SCHED_OTHER), `thread policies: ${policies.join(' ')}`).toBe(true);
  }, 30_000);
});
