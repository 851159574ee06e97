import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleMembers, membersHolding, zipOf } from '../../helpers/bundle-bytes';
import { runCli } from '../../helpers/run-cli';

// Files as they lie on runner hosts: rotated gzip logs, archives, links, pipes, devices.
let dir: string;
const TOKEN = 'glrt-' + 'GzLeak8sQ2wE4rT6yU1iO3pA';
const LEGACY = '4f1c' + '9a7e2b6d8c0f3a5e7b9d1c2e4f6a8b';
const OUTSIDE = 'glpat-' + 'OutsideOutside12345678';
const ZIPPED = 'glrt-' + 'ZipLeak9sQ2wE4rT6yU1iO3pA';
const config = (token: string) => `concurrent = 1\n[[runners]]\n  name = "r1"\n  url = "https://gitlab.example.com"\n  token = "${token}"\n  executor = "shell"\n`;
const log = `Runtime platform arch=amd64 os=linux\nChecking for jobs... token=${TOKEN}\nWARNING: Checking for jobs... failed  runner=${LEGACY.slice(0, 8)} token=${LEGACY}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-hostile-'));
  const files = join(dir, 'host');
  await mkdir(files);
  await writeFile(join(files, 'runner.log.1.gz'), gzipSync(log));
  await writeFile(join(files, 'config.toml.gz'), gzipSync(config(TOKEN)));
  await writeFile(join(files, 'attachments.zip'), await zipOf('config.toml', config(ZIPPED)));
  await writeFile(join(files, 'broken.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('not really gzip')]));
  // 40 MiB of zeros in 40 KiB: past the unpack ratio limit.
  await writeFile(join(files, 'bomb.log.gz'), gzipSync(Buffer.alloc(40 * 1024 * 1024), { level: 9 }));
  await writeFile(join(files, 'plain.log'), 'Checking for jobs... ok\n');
  await writeFile(join(dir, 'outside.txt'), `token = "${OUTSIDE}"\n`);
  await symlink(join(dir, 'outside.txt'), join(files, 'escape.txt'));
  await symlink(join(files, 'plain.log'), join(files, 'inside-link.log'));
  execFileSync('mkfifo', [join(files, 'a.fifo')]);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Doc = { errors: { source: string; message: string }[]; bundle: { path: string } };

describe('collect --files with what real hosts hold', () => {
  it('unpacks .gz and redacts it, refuses archives and bombs with an error each, lists links and pipes, collects the rest', async () => {
    const out = join(dir, 'b.zip');
    const r = await runCli(['collect', '--files', join(dir, 'host'), '--out', out, '--json'], { timeoutMs: 90_000 });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).not.toBe(3);
    const doc = JSON.parse(r.stdout) as Doc;
    const errors = doc.errors.map((e) => e.message).join('\n');
    expect(errors).toMatch(/attachments\.zip is a zip archive.*not collected/);
    expect(errors).toMatch(/broken\.gz/);
    expect(errors).toMatch(/bomb\.log\.gz: .*decompression bomb/);
    expect(errors).toMatch(/escape\.txt: symlink out of the folder given; not followed/);
    expect(errors).toMatch(/a\.fifo: a pipe; not read/);

    const members = await bundleMembers(out);
    for (const secret of [TOKEN, LEGACY, OUTSIDE, ZIPPED]) expect(membersHolding(members, secret)).toEqual([]);
    const names = [...members.keys()];
    expect(names).toContain('evidence/files/runner.log.1');
    expect(names).toContain('evidence/files/config.toml');
    expect(names).toContain('evidence/files/plain.log');
    expect(names).toContain('evidence/files/inside-link.log');
    expect(names.some((n) => /attachments|bomb|escape|fifo/.test(n))).toBe(false);
    const manifest = JSON.parse((members.get('manifest.json') as Buffer).toString()) as { files: { path: string; unpackedFrom?: string; redactions: number }[] };
    const unpacked = manifest.files.find((f) => f.path === 'evidence/files/runner.log.1');
    expect(unpacked?.unpackedFrom).toBe('evidence/files/runner.log.1.gz');
    expect(unpacked?.redactions).toBeGreaterThanOrEqual(2);
    expect((members.get('evidence/files/runner.log.1') as Buffer).toString()).toContain('[REDACTED gitlab-runner-token');
  }, 120_000);

  it('a device given as a path is read up to the per-file limit, never forever', async () => {
    const out = join(dir, 'zero.zip');
    const r = await runCli(['collect', '--files', '/dev/zero', '--out', out, '--json'], { timeoutMs: 90_000 });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect([0, 1]).toContain(r.code);
    const manifest = JSON.parse((await bundleMembers(out)).get('manifest.json')?.toString() ?? '{}') as { files: { path: string; bytes: number }[] };
    expect(manifest.files[0]?.bytes).toBeLessThanOrEqual(51 * 1024 * 1024);
  }, 120_000);

  it('analyze reads a pipe given by name (process substitution) without a stack trace', async () => {
    const fifo = join(dir, 'logs.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf '%s' "$0" > "$1"`, log, fifo]);
    const r = await runCli(['analyze', fifo, '--json']);
    writer.kill();
    expect(r.stderr).not.toMatch(/\n\s+at |ESPIPE/);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).not.toContain(TOKEN);
  });

  it('analyze reads a .gz log unpacked and goes on past a file it cannot read', async () => {
    const r = await runCli(['analyze', join(dir, 'host'), '--json'], { timeoutMs: 90_000 });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const doc = JSON.parse(r.stdout) as { problems: { file: string; message: string }[]; unrecognized: string[] };
    expect(doc.problems.map((p) => p.file)).toEqual(expect.arrayContaining(['escape.txt', 'a.fifo']));
    expect(doc.unrecognized).not.toContain('runner.log.1.gz');
  }, 120_000);
});

describe('a single-line file is held to the per-file limit too', () => {
  it('keeps head and tail of a 60 MiB line, not the whole line', async () => {
    const file = join(dir, 'one-line.log');
    await writeFile(file, 'x'.repeat(60 * 1024 * 1024));
    const out = join(dir, 'line.zip');
    const r = await runCli(['collect', '--files', file, '--out', out, '--json'], { timeoutMs: 90_000 });
    expect([0, 1]).toContain(r.code);
    const text = await readFile(out);
    expect(text.length).toBeLessThan(60 * 1024 * 1024);
    const manifest = JSON.parse((await bundleMembers(out)).get('manifest.json')?.toString() ?? '{}') as { files: { bytes: number; truncated?: boolean }[] };
    expect(manifest.files[0]?.truncated).toBe(true);
    expect(manifest.files[0]?.bytes).toBeLessThanOrEqual(50 * 1024 * 1024 + 128 * 1024);
  }, 120_000);
});
