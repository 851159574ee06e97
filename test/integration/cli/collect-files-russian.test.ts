import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleMembers, zipOf } from '../../helpers/bundle-bytes';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { runCli } from '../../helpers/run-cli';

/**
 * Why `collect --files` left a file out, as the user reads it: a refused archive, a damaged or
 * nested gzip, a bomb, links, a pipe and a file the user may not read, in Russian and in English.
 */
let dir: string;
let host: string;
/** Root reads any file: the CLI runs as nobody, so that a file without read permission is one. */
const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
const NO_LOCALE = { LANG: '', LC_ALL: '', LC_MESSAGES: '' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-files-ru-'));
  await chmod(dir, 0o755);
  host = join(dir, 'host');
  await mkdir(host);
  await mkdir(join(dir, 'out'), { mode: 0o777 });
  await chmod(join(dir, 'out'), 0o777);
  const zip = await zipOf('config.toml', 'concurrent = 1\n');
  await writeFile(join(host, 'plain.log'), 'Checking for jobs... ok\n');
  await writeFile(join(host, 'attachments.zip'), zip);
  // A zip too short to be told from its first 512 bytes is "compressed data"; a longer one is named.
  await writeFile(join(host, 'nested.zip.gz'), gzipSync(zip));
  await writeFile(join(host, 'packed.zip.gz'), gzipSync(await zipOf('runner.log', randomBytes(4096).toString('base64'))));
  await writeFile(join(host, 'broken.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('not really gzip')]));
  // 40 MiB of zeros in 40 KiB: past the unpack ratio limit.
  await writeFile(join(host, 'bomb.log.gz'), gzipSync(Buffer.alloc(40 * 1024 * 1024), { level: 9 }));
  await writeFile(join(dir, 'outside.txt'), 'outside\n');
  await symlink(join(dir, 'outside.txt'), join(host, 'escape.txt'));
  await symlink(join(dir, 'gone.txt'), join(host, 'dangling.log'));
  execFileSync('mkfifo', [join(host, 'a.fifo')]);
  await writeFile(join(host, 'locked.log'), 'secret\n', { mode: 0o000 });
  await chmod(join(host, 'locked.log'), 0o000);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const collect = (out: string, lang?: 'ru') =>
  runCli(['collect', '--files', host, '--out', join(dir, 'out', out), ...(lang ? ['--lang', lang] : [])], {
    env: { ...NO_LOCALE, HOME: join(dir, 'out') },
    timeoutMs: 90_000,
    ...(user ? { user } : {}),
  });

const errorLines = (stdout: string, prefix: string) => stdout.split('\n').filter((l) => l.startsWith(prefix));

describe('why a --files file was left out', () => {
  it('each reason in Russian on stdout and in report.md, its id beside the English in manifest.json; English unchanged', async () => {
    const r = await collect('ru.zip', 'ru');
    expect(r.stderr).toBe('');
    const source = `files:${host}`;
    const said = errorLines(r.stdout, `не удалось собрать ${source}: `).map((l) => l.slice(`не удалось собрать ${source}: `.length));
    expect(said).toEqual([
      'a.fifo: именованный канал (pipe); не прочитан',
      'dangling.log: символическая ссылка никуда не ведёт',
      'escape.txt: символическая ссылка ведёт за пределы указанной папки; по ней не переходили',
      'locked.log: не удаётся прочитать: нет прав доступа',
      'files/attachments.zip — архив zip; редакция секретов не видит, что внутри, поэтому он не собран (распакуйте его и передайте файлы)',
      'files/bomb.log.gz: при распаковке выходит в 1000 с лишним раз больше исходного размера — похоже на декомпрессионную бомбу; не собран',
      expect.stringMatching(/^files\/broken\.gz: gzip не распаковывается: файл повреждён или обрезан \([^)]+\)$/),
      'files/nested.zip.gz: внутри него сжатые данные; не собран',
      'files/packed.zip.gz: внутри него сжатые данные zip; распакуйте их и передайте файлы; не собран',
    ]);
    for (const line of said) {
      const zlib = /\(([^)]+)\)$/.exec(line)?.[1] ?? '';
      expect(prose(line, [zlib, 'gzip', 'zip', 'pipe', 'EACCES']), line).not.toMatch(ENGLISH_PROSE);
      expect(line).toMatch(/\p{Script=Cyrillic}/u);
    }
    const members = await bundleMembers(join(dir, 'out', 'ru.zip'));
    expect(members.get('report.md')?.toString()).toContain(`- ${source}: locked.log: не удаётся прочитать: нет прав доступа`);
    const manifest = JSON.parse(members.get('manifest.json')!.toString()) as { errors: { source: string; message: string; text?: { key: string } }[] };
    const locked = manifest.errors.find((e) => e.message.startsWith('locked.log: '));
    expect(locked?.message).toMatch(/^locked\.log: EACCES: permission denied, open '.*locked\.log'$/);
    expect(locked?.text?.key).toBe('files.skipped');
    expect(manifest.errors.find((e) => e.message.includes('attachments.zip'))?.text?.key).toBe('files.archiveRefused');

    const e = await collect('en.zip');
    const english = errorLines(e.stdout, `could not collect ${source}: `).map((l) => l.slice(`could not collect ${source}: `.length));
    expect(english).toEqual([
      'a.fifo: a pipe; not read',
      'dangling.log: symlink to nothing',
      'escape.txt: symlink out of the folder given; not followed',
      expect.stringMatching(/^locked\.log: EACCES: permission denied, open '.*locked\.log'$/),
      'files/attachments.zip is a zip archive; redaction cannot read inside it, so it was not collected (extract it and give the files)',
      'files/bomb.log.gz: it unpacks to more than 1000 times its size, which looks like a decompression bomb; not collected',
      expect.stringMatching(/^files\/broken\.gz: (?!.*gzip не)[a-z ]+$/),
      'files/nested.zip.gz: it holds compressed data inside; not collected',
      'files/packed.zip.gz: it holds zip data inside; extract it and give the files; not collected',
    ]);
  }, 180_000);
});
