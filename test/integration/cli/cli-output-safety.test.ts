import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleMembers } from '../../helpers/bundle-bytes';
import { CLI, runCli } from '../../helpers/run-cli';

// What a user (or a script, CI, systemd) does to the CLI's output and arguments, and what
// must never happen: an input overwritten, a stack trace, a secret or a terminal escape printed.
let dir: string;
let input: string;
const PAT = 'glpat-' + 'AbCdEfGhIjKlMnOpQrSt12';
const CONFIG = `concurrent = 1\n[[runners]]\n  name = "evil\\u001b]52;c;ZWNobyBwd25lZA==\\u0007 runner"\n  url = "https://gitlab.example.com"\n  token = "${PAT}"\n  executor = "shell"\n`;
const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at |internal error/);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-out-'));
  input = join(dir, 'in');
  await mkdir(input);
  await writeFile(join(input, 'config.toml'), CONFIG);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('collect --out cannot destroy anything', () => {
  it('refuses --out that is an input file, before collecting; the input is untouched', async () => {
    const file = join(input, 'config.toml');
    const r = await runCli(['collect', '--files', file, '--out', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .* is \(or is inside\) the input/);
    expect(await readFile(file, 'utf8')).toBe(CONFIG);
  });

  it('refuses --out that is a folder with one line, not a stack trace after collecting', async () => {
    const r = await runCli(['collect', '--files', input, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a folder/);
    noTrace(r.stderr);
  });

  it('says so when it replaces an existing file', async () => {
    const out = join(dir, 'existing.zip');
    await writeFile(out, 'old');
    const r = await runCli(['collect', '--files', input, '--out', out]);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toMatch(/replaced the existing .*existing\.zip/);
  });

  it('refuses a second writer of the same bundle; a lock left by a dead process is taken over', async () => {
    const out = join(dir, 'locked.zip');
    await writeFile(`${out}.lock`, `${process.pid}\n`);
    const busy = await runCli(['collect', '--files', input, '--out', out]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/being written by another runner-doctor \(pid \d+\)/);
    await writeFile(`${out}.lock`, '999999999\n');
    const stale = await runCli(['collect', '--files', input, '--out', out]);
    expect([0, 1]).toContain(stale.code);
    expect((await stat(out)).size).toBeGreaterThan(0);
    await expect(stat(`${out}.lock`)).rejects.toThrow();
  });

  it('SIGTERM stops collect like Ctrl-C: exit 143, no partial bundle, no temp store left', async () => {
    const tmp = join(dir, 'tmp');
    await mkdir(tmp);
    const out = join(dir, 'term.zip');
    const child = spawn(process.execPath, [CLI, 'collect', '--files', '/dev/zero', '--files', input, '--out', out], { env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The signal handlers go in right after the out file is locked: wait for the lock, not a fixed time.
    for (let i = 0; i < 300 && !(await readdir(dir)).includes('term.zip.lock'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(143);
    expect(stderr).toMatch(/cancelled; no bundle written/);
    noTrace(stderr);
    expect((await readdir(dir)).filter((n) => n.startsWith('term.zip'))).toEqual([]);
    expect((await readdir(tmp)).filter((n) => n.startsWith('runner-doctor'))).toEqual([]);
  }, 60_000);
});

describe('exit codes follow CONTRACTS §1', () => {
  it('--gitlab-url without GITLAB_TOKEN, a missing --files path or CA file are usage errors (2)', async () => {
    const noToken = await runCli(['collect', '--gitlab-url', 'https://gitlab.example.com', '--out', join(dir, 'x.zip')], { env: { GITLAB_TOKEN: '' } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/GITLAB_TOKEN/);
    const noFiles = await runCli(['collect', '--files', join(dir, 'nope'), '--out', join(dir, 'x.zip')]);
    expect(noFiles.code).toBe(2);
    const noCa = await runCli(['collect', '--gitlab-url', 'https://gitlab.example.com', '--gitlab-ca-file', join(dir, 'nope.pem'), '--out', join(dir, 'x.zip')], {
      env: { GITLAB_TOKEN: PAT },
    });
    expect(noCa.code).toBe(2);
    expect(noCa.stderr).toMatch(/--gitlab-ca-file .*nope\.pem: no such file/);
  });

  it('refuses to send a token over plain http to another machine unless told to; warns for loopback', async () => {
    const remote = await runCli(['collect', '--gitlab-url', 'http://gitlab.example.com', '--out', join(dir, 'x.zip')], { env: { GITLAB_TOKEN: PAT } });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/plain http.*--allow-insecure-http/);
    const local = await runCli(['collect', '--gitlab-url', 'http://127.0.0.1:9', '--out', join(dir, 'l.zip'), '--json'], { env: { GITLAB_TOKEN: PAT } });
    expect(local.stderr).toMatch(/warning: the GitLab token is sent over plain http to 127\.0\.0\.1:9 \(this machine\)/);
    expect(local.code).toBe(3);
    expect(local.stdout + local.stderr).not.toContain(PAT);
    // In Russian, the refusal and the warning too.
    const ru = await runCli(['collect', '--lang', 'ru', '--gitlab-url', 'http://gitlab.example.com', '--out', join(dir, 'r.zip')], { env: { GITLAB_TOKEN: PAT } });
    expect(ru.code).toBe(2);
    expect(ru.stderr).toContain('--gitlab-url http://gitlab.example.com — обычный http: токен пойдёт по сети открытым текстом');
    expect(ru.stderr).toContain('добавьте --allow-insecure-http');
  }, 60_000);
});

describe('analyze prints nothing a terminal or a ticket should not get', () => {
  it('redacts its text and --json output by default; --no-redact shows the raw excerpt', async () => {
    const text = await runCli(['analyze', join(input, 'config.toml')]);
    expect(text.stdout).toContain('runner-token-is-pat');
    expect(text.stdout).not.toContain(PAT);
    const json = await runCli(['analyze', join(input, 'config.toml'), '--json']);
    expect(json.stdout).not.toContain(PAT);
    expect(JSON.parse(json.stdout).findings.length).toBeGreaterThan(0);
    const raw = await runCli(['analyze', join(input, 'config.toml'), '--no-redact']);
    expect(raw.stdout).toContain(PAT);
  });

  it('shows terminal escapes from evidence escaped, never as controls (OSC 52 writes the clipboard)', async () => {
    const r = await runCli(['analyze', join(input, 'config.toml')]);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u0007');
    expect(r.stdout).toContain('evil\\x1b]52;c;');
  });

  it('warns about a bundle that does not verify; bundle redact refuses to re-hash it', async () => {
    const good = join(dir, 'good.zip');
    expect([0, 1]).toContain((await runCli(['collect', '--files', input, '--out', good])).code);
    const members = await bundleMembers(good);
    const zip = new yazl.ZipFile();
    for (const [name, data] of members) zip.addBuffer(name.startsWith('evidence/') ? Buffer.from(data.toString().replace('shell', 'docker')) : data, name);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream) chunks.push(c as Buffer);
    const tampered = join(dir, 'tampered.zip');
    await writeFile(tampered, Buffer.concat(chunks));

    const analyzed = await runCli(['analyze', tampered]);
    expect(analyzed.stderr).toMatch(/warning: .*tampered\.zip does not verify .*may have been altered/);
    const redacted = await runCli(['bundle', 'redact', tampered, '--out', join(dir, 'laundered.zip')]);
    expect(redacted.code).toBe(2);
    expect(redacted.stderr).toMatch(/does not verify/);
    await expect(stat(join(dir, 'laundered.zip'))).rejects.toThrow();
  }, 60_000);
});
