import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from '../../../electron/core/ssh/ssh2';
import {
  entryMatchesHost,
  fingerprintSha256,
  formatKnownHostsLine,
  knownHostsName,
  loadKnownHosts,
  parseKnownHosts,
} from '../../../electron/core/ssh/known-hosts';
import { checkHostKey, decideHostKey } from '../../../electron/core/ssh/host-key-policy';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'rd-kh-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function key(type: 'ed25519' | 'ecdsa' = 'ed25519'): Buffer {
  const pair = utils.generateKeyPairSync(type, type === 'ecdsa' ? { bits: 256 } : {});
  const parsed = utils.parseKey(pair.public);
  if (parsed instanceof Error) throw parsed;
  return parsed.getPublicSSH();
}
const A = key();
const B = key();
const E = key('ecdsa');
const line = (hosts: string, blob: Buffer) => `${hosts} ${formatKnownHostsLine('x', blob).split(' ').slice(1).join(' ')}`;
function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts parsing and matching', () => {
  it('matches plain names, [host]:port, wildcards, negation and hashed names', () => {
    const text = [
      '# comment',
      line('runner1,10.0.0.5', A),
      line('[127.0.0.1]:2222', A),
      line('*.corp,!evil.corp', A),
      line(hashed('hashed.example'), A),
      line(hashed('[hashed.example]:2200'), A),
      '',
    ].join('\n');
    const { entries, problems } = parseKnownHosts(text, 'kh');
    expect(problems).toEqual([]);
    const match = (name: string) => entries.some((e) => entryMatchesHost(e, name));
    expect(match('runner1')).toBe(true);
    expect(match('RUNNER1')).toBe(true);
    expect(match('10.0.0.5')).toBe(true);
    expect(match(knownHostsName('127.0.0.1', 2222))).toBe(true);
    expect(match(knownHostsName('127.0.0.1', 22))).toBe(false);
    expect(match('db.corp')).toBe(true);
    expect(match('evil.corp')).toBe(false);
    expect(match('hashed.example')).toBe(true);
    expect(match('[hashed.example]:2200')).toBe(true);
    expect(match('other.example')).toBe(false);
  });

  it('reports malformed lines with their line numbers and keeps the good ones', () => {
    const text = [
      'garbage',
      line('ok', A),
      '@bogus host ssh-ed25519 AAAA',
      'h ssh-ed25519 !!!notbase64',
      `h ssh-rsa ${A.toString('base64')}`,
      '|2|x|y ssh-ed25519 AAAA',
    ].join('\n');
    const { entries, problems } = parseKnownHosts(text, 'kh');
    expect(entries.map((e) => e.line)).toEqual([2]);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'expected "hosts keytype base64-key"'],
      [3, 'unknown marker @bogus'],
      [4, 'key is not valid base64'],
      [5, 'key blob does not hold a ssh-rsa key'],
      [6, 'unsupported hashed host format (expected |1|salt|hash)'],
    ]);
  });

  it('never throws on arbitrary input', () => {
    const token = fc.oneof(
      fc.string(),
      fc.constantFrom('@revoked', '@cert-authority', '|1|', 'ssh-ed25519', A.toString('base64'), '*', '!', '[h]:22', ','),
    );
    const text = fc
      .array(
        fc.array(token, { maxLength: 5 }).map((t) => t.join(' ')),
        { maxLength: 10 },
      )
      .map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, fc.string(), (t, name) => {
        const { entries, problems } = parseKnownHosts(t, 'kh');
        const lines = t.split(/\r?\n/).length;
        for (const p of [...entries, ...problems]) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines);
        }
        for (const e of entries) entryMatchesHost(e, name);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back what it writes, plain or hashed, for any host and port', () => {
    const host = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/);
    fc.assert(
      fc.property(host, fc.integer({ min: 1, max: 65535 }), (h, port) => {
        const name = knownHostsName(h, port);
        for (const field of [name, hashed(name)]) {
          const { entries, problems } = parseKnownHosts(line(field, A), 'kh');
          expect(problems).toEqual([]);
          expect(entryMatchesHost(entries[0]!, name)).toBe(true);
          expect(entryMatchesHost(entries[0]!, knownHostsName(`${h}x`, port))).toBe(false);
          expect(checkHostKey({ entries, problems }, name, A).status).toBe('known');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('treats a missing file as empty and an unreadable one as a problem', async () => {
    const dir = await tempDir();
    expect(await loadKnownHosts([join(dir, 'nope')])).toEqual({ entries: [], problems: [] });
    expect((await loadKnownHosts([dir])).problems[0]?.message).toMatch(/cannot read/);
  });

  it('prints fingerprints the way OpenSSH does', () => {
    expect(fingerprintSha256(A)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('host key policy', () => {
  const kh = (...lines: string[]) => parseKnownHosts(lines.join('\n'), 'kh');

  it('knows a listed key, sees a changed one, and reports other key types', () => {
    expect(checkHostKey(kh(line('h', A)), 'h', A)).toEqual({ status: 'known', file: 'kh', line: 1 });
    expect(checkHostKey(kh(line('h', A)), 'h', B)).toEqual({ status: 'changed', file: 'kh', line: 1, knownType: 'ssh-ed25519' });
    expect(checkHostKey(kh(line('h', E)), 'h', A)).toEqual({ status: 'unknown', otherTypes: ['ecdsa-sha2-nistp256'] });
    expect(checkHostKey(kh(line('other', A)), 'h', A)).toEqual({ status: 'unknown', otherTypes: [] });
  });

  it('refuses a revoked key even when it is also listed as known', () => {
    expect(checkHostKey(kh(line('h', A), `@revoked ${line('*', A)}`), 'h', A)).toMatchObject({ status: 'revoked', line: 2 });
  });

  it('refuses hosts that only a certificate authority vouches for', async () => {
    const v = checkHostKey(kh(`@cert-authority ${line('*.corp', B)}`), 'db.corp', A);
    expect(v).toMatchObject({ status: 'cert-authority' });
    const out = await decideHostKey(v, { host: 'db.corp', port: 22, name: 'db.corp' }, A, {
      acceptNewHostKeys: true,
      appKnownHostsFile: '/nonexistent/kh',
    });
    expect(out).toMatchObject({ ok: false, message: expect.stringMatching(/@cert-authority.*cannot verify host certificates/) });
  });

  it('gives the OpenSSH warning for a changed key', async () => {
    const v = checkHostKey(kh(line('[h]:2222', A)), '[h]:2222', B);
    const out = await decideHostKey(v, { host: 'h', port: 2222, name: '[h]:2222' }, B, {
      acceptNewHostKeys: true,
      appKnownHostsFile: '/nonexistent/kh',
    });
    if (out.ok) throw new Error('accepted a changed key');
    expect(out.message).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!');
    expect(out.message).toContain(fingerprintSha256(B));
    expect(out.message).toContain('Offending ED25519 key in kh:1');
  });

  it('asks about an unknown key, stores a yes in the app file only, and refuses without a yes', async () => {
    const dir = await tempDir();
    const app = join(dir, 'sub', 'known_hosts');
    const asked: unknown[] = [];
    const v = checkHostKey(kh(), '[h]:2222', A);
    const no = await decideHostKey(v, { host: 'h', port: 2222, name: '[h]:2222' }, A, { acceptNewHostKeys: false, appKnownHostsFile: app });
    expect(no).toMatchObject({ ok: false, message: expect.stringContaining(fingerprintSha256(A)) });
    const yes = await decideHostKey(v, { host: 'h', port: 2222, name: '[h]:2222' }, A, {
      acceptNewHostKeys: false,
      appKnownHostsFile: app,
      askHostKey: async (info) => (asked.push(info), true),
    });
    expect(yes).toEqual({ ok: true, added: true });
    expect(asked).toEqual([{ host: 'h', port: 2222, fingerprint: fingerprintSha256(A), keyType: 'ssh-ed25519' }]);
    const written = parseKnownHosts(await readFile(app, 'utf8'), app);
    expect(checkHostKey(written, '[h]:2222', A).status).toBe('known');
  });
});
