import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../helpers/run-cli';

// Findings written to a full disk: the same one line on stderr and exit 2 as any failure,
// not an unhandled stream error with a stack. /dev/full answers every write with ENOSPC.
let dir: string;
let log: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-output-failure-'));
  log = join(dir, 'runner.log');
  await writeFile(log, '2025-03-04T10:00:00Z WARNING: Checking for jobs... failed runner=t1_Xk2P9 status=403 Forbidden\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function toFullDisk(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const full = await open('/dev/full', 'w');
  try {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', full.fd, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stderr };
  } finally {
    await full.close();
  }
}

describe('output that cannot be written', () => {
  it('is one line in the language asked, exit 2, no stack', async () => {
    expect(existsSync('/dev/full'), 'this test needs /dev/full (Linux)').toBe(true);
    const en = await toFullDisk(['analyze', log, '--json']);
    expect(en.code).toBe(2);
    expect(en.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^runner-doctor: .*no space left on device/)]);
    const ru = await toFullDisk(['analyze', log, '--json', '--lang', 'ru']);
    expect(ru.code).toBe(2);
    expect(ru.stderr).toBe('runner-doctor: на устройстве не осталось места\n');
  });
});
