import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { runCli } from '../../helpers/run-cli';

/**
 * `analyze` given a file it may not read, a folder with a subfolder it may not list, and a path
 * that does not exist: why, in Russian with --lang ru and in English by default; the JSON keeps
 * the system's own English beside the message id.
 */
let dir: string;
let attached: string;
/** Root reads any file: the CLI runs as nobody, so that a file without read permission is one. */
const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
const NO_LOCALE = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-analyze-unreadable-'));
  await chmod(dir, 0o755);
  attached = join(dir, 'attached');
  await mkdir(attached);
  await writeFile(join(attached, 'runner.log'), 'Checking for jobs... ok\n');
  await mkdir(join(attached, 'locked-dir'));
  await writeFile(join(attached, 'locked-dir', 'config.toml'), 'concurrent = 1\n');
  await chmod(join(attached, 'locked-dir'), 0o000);
  await writeFile(join(dir, 'locked.log'), 'secret\n', { mode: 0o000 });
  await chmod(join(dir, 'locked.log'), 0o000);
});
afterAll(async () => {
  await chmod(join(attached, 'locked-dir'), 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const analyze = (args: string[], lang?: 'ru') =>
  runCli(['analyze', ...args, ...(lang ? ['--lang', lang] : [])], { env: { ...NO_LOCALE, HOME: dir }, ...(user ? { user } : {}) });

const problemLines = (stdout: string, prefix: string) => stdout.split('\n').filter((l) => l.startsWith(prefix));

describe('analyze: files it cannot read', () => {
  it('in Russian: each unreadable file and folder says why in Russian, the others are analysed', async () => {
    const r = await analyze([join(dir, 'locked.log'), attached], 'ru');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = problemLines(r.stdout, 'Не удалось проанализировать ');
    expect(lines).toEqual(['Не удалось проанализировать locked.log: не удаётся прочитать: нет прав доступа', 'Не удалось проанализировать locked-dir: не удаётся прочитать: нет прав доступа']);
    for (const line of lines) expect(prose(line, ['locked-dir', 'locked.log']), line).not.toMatch(ENGLISH_PROSE);
    expect(r.stdout).not.toContain('EACCES');
  });

  it('in English by default: the system says why, and --json keeps its sentence with the message id beside it', async () => {
    const r = await analyze([join(dir, 'locked.log'), attached]);
    expect(r.stderr).toBe('');
    expect(problemLines(r.stdout, 'Could not analyze ')).toEqual([
      expect.stringMatching(/^Could not analyze locked\.log: EACCES: permission denied, open '.*locked\.log'$/),
      expect.stringMatching(/^Could not analyze locked-dir: EACCES: permission denied, scandir '.*locked-dir'$/),
    ]);
    const json = await analyze(['--json', join(dir, 'locked.log')], 'ru');
    const doc = JSON.parse(json.stdout) as { problems: { file: string; message: string; text?: { key: string; params: { why: { key: string } } } }[] };
    expect(doc.problems).toEqual([
      {
        file: 'locked.log',
        message: expect.stringMatching(/^EACCES: permission denied, open '.*locked\.log'$/),
        text: { key: 'files.unreadable', params: { why: { key: 'system.access-denied', params: { code: 'EACCES' } } } },
      },
    ]);
  });

  it('a path that does not exist is a usage error, in the chosen language', async () => {
    const missing = join(dir, 'no-such.log');
    const ru = await analyze([missing], 'ru');
    expect(ru.code).toBe(2);
    expect(ru.stderr).toBe(`runner-doctor: ${missing}: нет такого файла или папки\n`);
    const en = await analyze([missing]);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(`runner-doctor: ${missing}: no such file or folder\n`);
  });

  it('collect whose temporary folder it may not write to: one line naming it and what to check, not an internal error', async () => {
    // Owned by root, not writable by the user the CLI runs as (Node creates a missing one itself, for its compile cache).
    const locked = join(dir, 'locked-tmp');
    await mkdir(locked, { mode: 0o755 });
    await chmod(locked, 0o555);
    const out = join(dir, 'out');
    await mkdir(out);
    await chmod(out, 0o777);
    const run = (lang?: 'ru') =>
      runCli(['collect', '--files', join(attached, 'runner.log'), '--out', join(out, 'never.zip'), ...(lang ? ['--lang', lang] : [])], {
        env: { ...NO_LOCALE, HOME: dir, TMPDIR: locked },
        ...(user ? { user } : {}),
      });
    const ru = await run('ru');
    expect(ru.code).toBe(2);
    expect(ru.stderr).toBe(
      `runner-doctor: Не удалось создать папку для собранных данных в ${locked}: нет прав доступа. Проверьте, что временная папка (TMPDIR) существует и доступна для записи.\n`,
    );
    const en = await run();
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/^runner-doctor: Cannot create a folder for the evidence in .*: EACCES: permission denied, mkdtemp '[^']+'\. Check that the temporary folder \(TMPDIR\) exists and is writable\.\n$/);
  });
});
