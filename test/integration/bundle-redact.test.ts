import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../shared/findings';
import { EvidenceStore } from '../../electron/core/evidence/store';
import { Redactor } from '../../electron/core/evidence/redact/redactor';
import { buildManifest, bundleExtras } from '../../electron/core/evidence/bundle/write-bundle';
import { ZipOutput } from '../../electron/core/evidence/bundle/zip-output';
import { redactBundle } from '../../electron/core/evidence/bundle/redact-bundle';
import { verifyBundle } from '../../electron/core/evidence/bundle/verify-bundle';
import { ZipReader } from '../../electron/core/evidence/bundle/zip-reader';
import { bundleSession } from '../../electron/core/app/pipeline';
import { runCli } from '../helpers/run-cli';

const LEGACY = '3f9a0c1e2d4b5a6978877665544332';
const PAT = 'glpat-' + 'Q7wErTy2UiOp4AsDfGh9';
const BEARER = 'sk-' + 'live-8Fj2kLm9Qp4Rs7Tv';

async function read(path: string): Promise<Map<string, string>> {
  const zip = await ZipReader.open(path);
  try {
    const out = new Map<string, string>();
    for (const e of zip.entries()) out.set(e.name, await zip.readText(e.name));
    return out;
  } finally {
    zip.close();
  }
}

/**
 * A bundle as an older version without today's line rules would have made it: a store whose
 * redactor knows no rules, holding a placeholder from an earlier pass and raw tokens.
 */
async function oldBundle(path: string): Promise<void> {
  const store = await EvidenceStore.create(new Redactor([]));
  try {
    store.addSource({ id: 'files:/support/case-1', type: 'files', description: 'Files from /support/case-1' });
    await store.add({
      path: 'files/config.toml',
      source: 'files:/support/case-1',
      content: `concurrent = 2\n[[runners]]\n  name = "old"\n  token = "[REDACTED gitlab-legacy-runner-token #1]"\n[[runners]]\n  name = "legacy"\n  token = "${LEGACY}"\n`,
    });
    await store.add({
      path: 'files/runner.log',
      source: 'files:/support/case-1',
      content: `Checking for jobs... received job=1 runner=3f9a0c1e\n> Authorization: Bearer ${BEARER}\nusing ${PAT} for the API\n`,
    });
    const finding: Finding = {
      id: 'runner-token-is-pat',
      severity: 'error',
      title: 'The runner is configured with a personal access token',
      summary: `config.toml holds ${PAT}`,
      evidence: [{ file: 'evidence/files/runner.log', line: 3, excerpt: `using ${PAT} for the API` }],
      fixes: [],
      references: [],
    };
    // Written piece by piece so the bundle can carry an audit log quoting a token.
    const { manifest, extras } = bundleExtras(buildManifest(store, []), [finding], `{"action":"plan","token":"${LEGACY}"}\n`);
    const out = new ZipOutput(path);
    out.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    for (const [name, data] of extras) out.addBuffer(name, data);
    for (const file of store.files()) out.addStream(file.path, () => store.open(file.path), file.bytes);
    await out.finish();
  } finally {
    await store.dispose();
  }
}

describe('bundle redact: today\'s rules over an existing bundle', () => {
  let dir: string;
  let before: string;
  let after: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundle-redact-'));
    before = join(dir, 'old.zip');
    after = join(dir, 'new.zip');
    await oldBundle(before);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the old bundle really leaks (the test would prove nothing otherwise)', async () => {
    const text = [...(await read(before)).values()].join('\n');
    for (const s of [LEGACY, PAT, BEARER]) expect(text).toContain(s);
  });

  it('writes a new bundle that verifies and holds no secret anywhere', async () => {
    const result = await redactBundle(before, after);
    expect(result.files).toBe(2);
    expect(result.redactions).toBeGreaterThanOrEqual(5);
    expect((await verifyBundle(after)).problems).toEqual([]);
    const entries = await read(after);
    for (const [name, text] of entries) for (const s of [LEGACY, PAT, BEARER]) if (text.includes(s)) throw new Error(`${name} still holds a secret`);
    const manifest = JSON.parse(entries.get('manifest.json') ?? '{}') as { redactedAgainAt?: string; redactionSummary: Record<string, number>; files: { path: string; redactions: number; kind: string }[] };
    expect(manifest.redactedAgainAt).toMatch(/^\d{4}-/);
    expect(manifest.files.find((f) => f.path === 'evidence/files/config.toml')?.kind).toBe('config-toml');
    expect(manifest.redactionSummary['gitlab-token']).toBeGreaterThan(0);
    expect(entries.get('report.md')).toContain('[REDACTED gitlab-personal-token #1]');
    expect(entries.get('audit.jsonl')).toContain('[REDACTED');
  });

  it('keeps existing placeholders and numbers new secrets after them', async () => {
    const config = (await read(after)).get('evidence/files/config.toml') ?? '';
    expect(config).toContain('token = "[REDACTED gitlab-legacy-runner-token #1]"');
    expect(config).toContain('token = "[REDACTED gitlab-legacy-runner-token #2]"');
  });

  it('the same secret has the same placeholder in evidence, findings and reports', async () => {
    const entries = await read(after);
    const log = entries.get('evidence/files/runner.log') ?? '';
    const placeholder = /using (\[REDACTED gitlab-personal-token #\d+\])/.exec(log)?.[1];
    expect(placeholder).toBeDefined();
    expect(entries.get('findings.json')).toContain(placeholder);
    expect(entries.get('report.html')).toContain(placeholder);
  });

  it('is analysable offline, and redacting again changes no file', async () => {
    const session = await bundleSession(after);
    await session.dispose();
    const again = join(dir, 'again.zip');
    const result = await redactBundle(after, again);
    expect(result.redactions).toBe(0);
    const a = await read(after);
    const b = await read(again);
    for (const [name, text] of a) if (name.startsWith('evidence/')) expect(b.get(name)).toBe(text);
  });

  it('refuses to overwrite its input and names a damaged input', async () => {
    await expect(redactBundle(before, before)).rejects.toThrow(/not over the original/);
    const junk = join(dir, 'junk.zip');
    await writeFile(junk, 'PK\u0003\u0004 not really');
    await expect(redactBundle(junk, join(dir, 'x.zip'))).rejects.toMatchObject({ name: 'BundleError' });
    expect((await readdir(dir)).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('runner-doctor bundle redact IN.zip --out OUT.zip', async () => {
    const out = join(dir, 'cli.zip');
    const r = await runCli(['bundle', 'redact', before, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cli\.zip: 2 files, \d+ more secrets redacted \(/);
    const v = await runCli(['bundle', 'verify', out]);
    expect(v.stdout).toMatch(/OK \(runner-doctor-bundle\/1, 6 files verified\)/);
    const missing = await runCli(['bundle', 'redact', before]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('runner-doctor: bundle redact needs --out OUT.zip (the original is never overwritten)\n');
  });
});
