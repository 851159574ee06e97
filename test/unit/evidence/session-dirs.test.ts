import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionDir, removeStaleSessionDirs } from '../../../electron/core/evidence/session-dirs';

const root = await mkdtemp(join(tmpdir(), 'session-dirs-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('session temp folders', () => {
  it('removes folders of processes that no longer run and keeps live ones and foreign folders', async () => {
    // A pid that surely ended: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const stale = join(root, 'runner-doctor-session-stale');
    const live = join(root, 'runner-doctor-session-live');
    const foreign = join(root, 'runner-doctor-session-foreign');
    for (const d of [stale, live, foreign]) await mkdir(d);
    await writeFile(join(stale, '.owner-pid'), String(dead));
    await writeFile(join(stale, 'runner.log'), 'redacted evidence');
    await writeFile(join(live, '.owner-pid'), String(process.ppid));
    expect(await removeStaleSessionDirs(root)).toEqual([stale]);
    expect((await readdir(root)).sort()).toEqual(['runner-doctor-session-foreign', 'runner-doctor-session-live']);
  });

  it('marks a new session folder with its owner so a later start-up leaves it alone', async () => {
    const dir = await createSessionDir();
    try {
      expect(await removeStaleSessionDirs()).not.toContain(dir);
      expect(await readdir(dir)).toEqual(['.owner-pid']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
