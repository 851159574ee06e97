import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulingPolicy } from '../../../electron/cli/batch-scheduling';

// /proc/PID/stat gives the command's name between parentheses, and the name may hold spaces
// and parentheses itself: the policy is counted from the last one. A copy of `sleep` named
// that way, run under each policy, is read back.
let dir: string;
let sleep: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-policy-'));
  sleep = join(dir, 'a) 1 2 (b');
  await copyFile('/bin/sleep', sleep);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function policyOf(prefix: string[]): Promise<number | undefined> {
  const [command, ...args] = [...prefix, sleep, '5'];
  const child = spawn(command!, args, { stdio: 'ignore' });
  try {
    // chrt runs the copy in its own place: wait until the process is the copy.
    for (let i = 0; i < 100; i++) {
      if (readFileSync(`/proc/${child.pid}/stat`, 'latin1').includes('(a) 1 2 (b)')) return schedulingPolicy(child.pid!);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the copy of sleep did not start');
  } finally {
    child.kill();
  }
}

describe('schedulingPolicy', () => {
  it.runIf(process.platform === 'linux')('reads the policy of a process whose name holds spaces and parentheses', async () => {
    expect(await policyOf([])).toBe(0);
    expect(await policyOf(['chrt', '--batch', '0'])).toBe(3);
    expect(await policyOf(['chrt', '--idle', '0'])).toBe(5);
  });

  it('is undefined for a process that does not exist', () => {
    expect(schedulingPolicy(2 ** 30)).toBeUndefined();
  });
});
