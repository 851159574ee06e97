import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile, copyFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { collectSession } from '../../electron/core/app/collect-session';
import { demoPlan } from '../../electron/core/collect/plan';
import { bundleSession } from '../../electron/core/app/pipeline';
import type { Session } from '../../electron/core/app/session';
import { BundleWriter, writeBundle } from '../../electron/core/evidence/bundle/write-bundle';
import { EvidenceStore } from '../../electron/core/evidence/store';
import { targetId } from '../../shared/source-ids';
import { verifyBundle } from '../../electron/core/evidence/bundle/verify-bundle';
import { ZipReader } from '../../electron/core/evidence/bundle/zip-reader';
import { runCli } from '../helpers/run-cli';
import { rewritten } from '../helpers/bundle-bytes';

const RESULTS = resolve(__dirname, '../../test-results');

/** Every token and Secret value the lab holds: none of them may reach a bundle. */
function labSecrets(lab: DemoLab): string[] {
  const found = new Set<string>([lab.gitlab.token, ...lab.world.kube.tokens]);
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (/token/i.test(key) && v.length >= 12 && !/^\[|^\$|\{\{/.test(v)) found.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(lab.world.gitlab);
  for (const o of lab.world.kube.objects as { kind?: string; data?: Record<string, string> }[]) {
    if (o.kind !== 'Secret') continue;
    for (const v of Object.values(o.data ?? {})) {
      if (v.length >= 8) found.add(v);
      const decoded = Buffer.from(v, 'base64').toString('utf8').trim();
      if (decoded.length >= 12) found.add(decoded);
    }
  }
  return [...found];
}

async function entriesText(path: string): Promise<Map<string, string>> {
  const zip = await ZipReader.open(path);
  try {
    const out = new Map<string, string>();
    for (const e of zip.entries()) {
      if (e.isDirectory) continue;
      // A file written into the archive before it changed must not be left in it beside the new one.
      if (out.has(e.name)) throw new Error(`${e.name} is in the archive twice`);
      out.set(e.name, await zip.readText(e.name));
    }
    return out;
  } finally {
    zip.close();
  }
}

describe('evidence bundle from the demo lab', () => {
  let lab: DemoLab;
  let session: Session;
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundle-test-'));
    lab = await startDemoLab();
    ({ session } = await collectSession(demoPlan(lab), { onProgress: () => undefined }));
    bundle = join(dir, 'demo.zip');
    if (!session.store) throw new Error('a collected session has a store');
    await writeBundle(session.store, session.analysis.findings, bundle);
  });

  afterAll(async () => {
    await session?.dispose();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies: every file hashed and listed, nothing extra', async () => {
    const result = await verifyBundle(bundle);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(session.files.length + 3);
  });

  it('is a standard zip: unzip -t checks every CRC', async () => {
    const { stdout } = await promisify(execFile)('unzip', ['-t', bundle]);
    expect(stdout).toMatch(/No errors detected/);
  });

  it('holds none of the lab secrets, and says what it redacted', async () => {
    const secrets = labSecrets(lab);
    expect(secrets.length).toBeGreaterThan(5);
    const entries = await entriesText(bundle);
    for (const [name, text] of entries) {
      for (const s of secrets) if (text.includes(s)) throw new Error(`${name} contains a lab secret (${s.slice(0, 6)}…)`);
    }
    const manifest = JSON.parse(entries.get('manifest.json') ?? '{}') as { redactionSummary: Record<string, number> };
    expect(Object.values(manifest.redactionSummary).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(entries.get('report.md')).toContain('## Redaction');
  });

  it('opens offline with the same findings the collection produced', async () => {
    const opened = await bundleSession(bundle);
    try {
      const ids = (s: Session) => s.analysis.findings.map((f) => `${f.id}:${f.evidence.length}`).sort();
      expect(ids(opened)).toEqual(ids(session));
      expect(opened.analysis.findings.length).toBeGreaterThan(0);
      expect(opened.files.map((f) => f.path)).toEqual(session.files.map((f) => f.path));
    } finally {
      await opened.dispose();
    }
  });

  it('runner-doctor analyze BUNDLE.zip --json shows the same findings', async () => {
    const r = await runCli(['analyze', bundle, '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { findings: { id: string }[] };
    expect(out.findings.map((f) => f.id).sort()).toEqual(session.analysis.findings.map((f) => f.id).sort());
    const verify = await runCli(['bundle', 'verify', bundle]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/: OK \(runner-doctor-bundle\/1, \d+ files verified\)\n$/);
  });

  it('report.html renders in Chromium without scripts: findings first, then evidence, redaction', async () => {
    const html = (await entriesText(bundle)).get('report.html') ?? '';
    const page = join(dir, 'report.html');
    await writeFile(page, html);
    const profile = await mkdtemp(join(tmpdir(), 'bundle-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      javaScriptEnabled: false,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const tab = await context.newPage();
      const requests: string[] = [];
      tab.on('request', (r) => requests.push(r.url()));
      await tab.goto(`file://${page}`);
      const headings = await tab.locator('h2').allTextContents();
      expect(headings[0]).toMatch(/^Findings \(\d+\)$/);
      expect(headings[1]).toMatch(/^Evidence \(\d+ files\)$/);
      expect(headings[2]).toBe('Redaction');
      expect(await tab.locator('section.finding').count()).toBe(session.analysis.findings.length);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      await mkdir(RESULTS, { recursive: true });
      await tab.screenshot({ path: join(RESULTS, 'bundle-report.png'), fullPage: false });
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });

  it('a cancelled export leaves neither the bundle nor a partial file', async () => {
    const target = join(dir, 'cancelled.zip');
    const controller = new AbortController();
    const writing = writeBundle(session.store as NonNullable<Session['store']>, session.analysis.findings, target, { signal: controller.signal });
    controller.abort();
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).filter((f) => f.startsWith('cancelled'))).toEqual([]);
  });

  it('verify names changed, missing and unlisted files', async () => {
    const tampered = join(dir, 'tampered.zip');
    const victim = session.files[0]?.path ?? '';
    const dropped = session.files[1]?.path ?? '';
    await rewritten(bundle, tampered, (name, data) => (name === dropped ? undefined : name === victim ? Buffer.concat([data, Buffer.from('x')]) : data), ['evidence/extra.txt', Buffer.from('hi')]);
    const result = await verifyBundle(tampered);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        `size: ${victim} has ${(session.files[0]?.bytes ?? 0) + 1} bytes, the manifest says ${session.files[0]?.bytes}`,
        `sha256: ${victim} does not match the manifest`,
        `missing: ${dropped} is listed in the manifest but not in the bundle`,
        'unlisted: evidence/extra.txt is in the bundle but not in the manifest',
      ]),
    );
  });

  it('verify reports a bundle of another format version', async () => {
    const other = join(dir, 'other-format.zip');
    await rewritten(bundle, other, (name, data) =>
      name === 'manifest.json' ? Buffer.from(data.toString().replace('runner-doctor-bundle/1', 'runner-doctor-bundle/9')) : data,
    );
    const result = await verifyBundle(other);
    expect(result.problems).toContain('format: runner-doctor-bundle/9 is not supported (expected runner-doctor-bundle/1)');
    await expect(bundleSession(other)).rejects.toThrow(/bundle format runner-doctor-bundle\/9 is not supported/);
  });

  it('a truncated or corrupt zip gets a clear error, not a crash', async () => {
    const cut = join(dir, 'truncated.zip');
    await copyFile(bundle, cut);
    const size = (await readFile(cut)).length;
    await truncate(cut, Math.floor(size / 2));
    await expect(verifyBundle(cut)).rejects.toThrow(/truncated\.zip is not a readable zip file/);
    await expect(bundleSession(cut)).rejects.toMatchObject({ name: 'BundleError' });

    const junk = join(dir, 'junk.zip');
    await writeFile(junk, 'this is not a zip at all\n');
    await expect(verifyBundle(junk)).rejects.toThrow(/junk\.zip is not a readable zip file/);

    const noManifest = join(dir, 'no-manifest.zip');
    await rewritten(bundle, noManifest, (name, data) => (name === 'manifest.json' ? undefined : data));
    await expect(bundleSession(noManifest)).rejects.toThrow(/is not a Runner Doctor bundle \(no manifest\.json\)/);
  });
});

/** A store followed by a bundle writer (as `collect` does), in a folder removed afterwards. */
async function withFollowedStore(name: string, test: (store: EvidenceStore, writer: BundleWriter, target: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bundle-ahead-'));
  const store = await EvidenceStore.create();
  try {
    const target = join(dir, name);
    const writer = new BundleWriter(store, target);
    writer.follow();
    store.addSource({ id: 'files:test', type: 'files', description: 'test files' });
    await test(store, writer, target);
  } finally {
    await store.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a bundle begun while evidence is collected', () => {
  it('puts each file into the archive as soon as it is stored, before the findings are known', () =>
    withFollowedStore('early.zip', async (store, writer, target) => {
      const texts = [0, 1].map(() => Array.from({ length: 20_000 }, (_, i) => `line ${i} ${randomBytes(24).toString('hex')}\n`).join(''));
      for (const [i, text] of texts.entries()) await store.add({ path: `files/${i}.log`, source: 'files:test', content: text });
      // The partial archive grows while nothing asked for the bundle yet: the hex compresses to about half.
      const partial = `${target}.partial-${process.pid}`;
      const size = async () => (await stat(partial).catch(() => ({ size: 0 }))).size;
      const deadline = Date.now() + 10_000;
      while ((await size()) < texts[0]!.length / 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await size()).toBeGreaterThanOrEqual(texts[0]!.length / 3);

      await writer.finish([]);
      expect((await verifyBundle(target)).problems).toEqual([]);
      const entries = await entriesText(target);
      expect(entries.get('evidence/files/0.log')).toBe(texts[0]);
      expect(entries.get('evidence/files/1.log')).toBe(texts[1]);
      expect(entries.has('manifest.json')).toBe(true);
    }));

  it('holds what the store holds at the end: a file stored again or forgotten after its compression began is not taken from it', () =>
    withFollowedStore('ahead.zip', async (store, writer, target) => {
      await store.add({ path: 'files/kept.log', source: 'files:test', content: 'kept line\n'.repeat(5000) });
      await store.add({ path: 'files/again.log', source: 'files:test', content: 'first version\n'.repeat(5000) });
      await store.add({ path: 'files/again.log', source: 'files:test', content: 'second version, token = "glpat-AbCdEfGhIjKlMnOpQrSt"\n' });
      const gone = { kind: 'files', path: '/gone' } as const;
      await store.add({ path: 'files/gone.log', source: targetId(gone), content: 'forgotten\n'.repeat(5000) });
      await store.forgetTarget(gone);
      const written = await writer.finish([]);
      expect((await verifyBundle(target)).problems).toEqual([]);
      const entries = await entriesText(target);
      expect(entries.get('evidence/files/kept.log')).toBe('kept line\n'.repeat(5000));
      expect(entries.get('evidence/files/again.log')).toBe('second version, token = "[REDACTED gitlab-personal-token #1]"\n');
      expect([...entries.keys()].some((name) => name.includes('gone'))).toBe(false);
      expect(written.manifest.files.map((f) => f.path)).toEqual(['evidence/files/again.log', 'evidence/files/kept.log']);
    }));

  it('leaves out a file whose storing failed half way, and takes the one stored in its place', () =>
    withFollowedStore('failed.zip', async (store, writer, target) => {
      // A gzip file cut short: its start is unpacked, stored and compressed before the cut fails it.
      const gz = gzipSync(Buffer.from('unpacked line\n'.repeat(200_000)));
      await expect(store.add({ path: 'files/cut.log.gz', source: 'files:test', content: gz.subarray(0, gz.length >> 1) })).rejects.toThrow(/cut\.log\.gz/);
      await store.add({ path: 'files/cut.log', source: 'files:test', content: 'stored in its place\n' });
      await writer.finish([]);
      expect((await verifyBundle(target)).problems).toEqual([]);
      const entries = await entriesText(target);
      expect(entries.get('evidence/files/cut.log')).toBe('stored in its place\n');
      expect([...entries.keys()].filter((name) => name.startsWith('evidence/'))).toEqual(['evidence/files/cut.log']);
    }));
});
