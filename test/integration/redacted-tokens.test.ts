import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../electron/core/diagnosis/analyze';
import { openBundle } from '../../electron/core/evidence/bundle/read-bundle';
import { writeBundle } from '../../electron/core/evidence/bundle/write-bundle';
import type { EvidenceReader } from '../../electron/core/evidence/reader';
import { RedactStream } from '../../electron/core/evidence/redact/redact-stream';
import { Redactor } from '../../electron/core/evidence/redact/redactor';
import { closeScanPool } from '../../electron/core/evidence/redact/scan-pool';
import { EvidenceStore } from '../../electron/core/evidence/store';
import { storeReader } from '../../electron/core/evidence/store-reader';
import { manifestSchema } from '../../shared/bundle';
import { redactedTokenSchema, type RedactedToken } from '../../shared/evidence';
import { tokenKindByRedactionLabel } from '../../shared/gitlab-token-kinds';
import { PLACEHOLDER_PATTERN } from '../../shared/redaction-placeholder';
import { corpusCarriers } from '../helpers/redaction-fuzz-plan';
import { rewritten } from '../helpers/bundle-bytes';

/**
 * Redaction records each file's GitLab tokens as typed facts (kind, placeholder, lines) in
 * the store's record and the manifest; diagnosis reads the kinds from there, and from the
 * placeholder's label only where no record describes it (older bundles).
 */
const PAT = 'glpat-Zx7Qw2Er5Ty8Ui1Op4As6Df';
const RUNNER = 'glrt-Hq4Wm9Zt2Xc7Vb1Nk5LsP0';
const CONFIG = `concurrent = 1\n\n[[runners]]\n  name = "build-1"\n  url = "https://gitlab.example.com"\n  token = "${PAT}"\n  executor = "shell"\n`;
const LOG = [
  'runner starting',
  `curl -H "PRIVATE-TOKEN: ${PAT}" https://gitlab.example.com/api/v4/runners`,
  'nothing here',
  `registered with ${RUNNER}`,
  `again ${RUNNER} and ${RUNNER}`,
  'password=hunter2hunter2',
  '',
].join('\n');

let dir: string;
let store: EvidenceStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-tokens-'));
  store = await EvidenceStore.create();
});
afterAll(async () => {
  await store?.dispose();
  await closeScanPool();
  await rm(dir, { recursive: true, force: true });
});

/** The 1-based lines of `text` holding `needle`. */
const linesHolding = (text: string, needle: string) =>
  text.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));

/** The placeholders in `text` whose label is a GitLab token kind's. */
function gitlabPlaceholders(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, 'g'))) if (tokenKindByRedactionLabel(m[1] ?? '')) out.add(m[0]);
  return out;
}

async function redactWithRecords(redactor: Redactor, text: string, workers: boolean, chunk: number): Promise<{ out: string; tokens: RedactedToken[] }> {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  const redact = new RedactStream(redactor, workers ? { workers: true, workerMinBytes: 0 } : {});
  const chunks = [];
  for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  const sink = new Writable({
    write(c: Buffer, _e, cb) {
      parts.push(c);
      cb();
    },
  });
  await pipeline(Readable.from(chunks), redact, sink);
  return { out: Buffer.concat(parts).toString('latin1'), tokens: redact.tokens.records() };
}

describe('redacted tokens recorded per file', () => {
  it('the store records each GitLab token once, with its kind from the shared table, its placeholder and the lines it is on', async () => {
    const config = await store.add({ path: 'files/config.toml', source: 'files:x', content: CONFIG });
    const log = await store.add({ path: 'files/runner.log', source: 'files:x', content: LOG });
    const configText = await readFile(store.localFile(config.path).path, 'utf8');
    const logText = await readFile(store.localFile(log.path).path, 'utf8');
    expect(config.redactedTokens).toEqual([{ placeholder: '[REDACTED gitlab-personal-token #1]', kind: 'personal-access-token', lines: [6] }]);
    expect(configText.split('\n')[5]).toContain('[REDACTED gitlab-personal-token #1]');
    // The same token in another file keeps its placeholder; the password is no GitLab token.
    expect(log.redactedTokens).toEqual([
      { placeholder: '[REDACTED gitlab-personal-token #1]', kind: 'personal-access-token', lines: [2] },
      { placeholder: '[REDACTED gitlab-runner-token #1]', kind: 'runner-authentication-token', lines: [4, 5] },
    ]);
    for (const t of log.redactedTokens ?? []) expect(t.lines).toEqual(linesHolding(logText, t.placeholder));
    const record = JSON.stringify(store.files());
    for (const secret of [PAT, RUNNER, 'hunter2hunter2', PAT.slice(6, 20), RUNNER.slice(5, 20)]) expect(record).not.toContain(secret);
  });

  it('a file cut to its size limit lists its tokens without lines (the cut moves them)', async () => {
    const big = `${LOG}${'filler line without secrets\n'.repeat(2000)}${LOG}`;
    const file = await store.add({ path: 'files/big.log', source: 'files:x', content: big, maxBytes: 4096 });
    expect(file.truncated).toBe(true);
    expect(file.redactedTokens?.map((t) => t.kind)).toEqual(['personal-access-token', 'runner-authentication-token']);
    for (const t of file.redactedTokens ?? []) expect(t).not.toHaveProperty('lines');
  });

  it('over the evidence corpus: every GitLab placeholder written is recorded at exactly its lines, the same with and without worker threads', async () => {
    const carriers = await corpusCarriers();
    const planted = carriers.map((c, i) => ({ ...c, text: `${c.text}\ntoken = "glrt-${String(i).padStart(22, 'Q')}"\n` }));
    const one = new Redactor();
    const many = new Redactor();
    let recorded = 0;
    for (const c of planted) {
      const single = await redactWithRecords(one, c.text, false, 1 << 20);
      const parallel = await redactWithRecords(many, c.text, true, 4096);
      expect(parallel.out, c.path).toBe(single.out);
      expect(parallel.tokens, c.path).toEqual(single.tokens);
      const written = gitlabPlaceholders(single.out);
      // Placeholders already in a corpus file were written by someone else: no record of ours.
      const ours = [...written].filter((p) => !c.text.includes(p));
      expect(single.tokens.map((t) => t.placeholder).sort(), c.path).toEqual(ours.sort());
      for (const t of single.tokens) {
        expect(redactedTokenSchema.strict().parse(t)).toEqual(t);
        // The record and the label written for a person tell the same kind.
        expect(tokenKindByRedactionLabel(new RegExp(PLACEHOLDER_PATTERN.source).exec(t.placeholder)?.[1] ?? '')?.id).toBe(t.kind);
        expect(t.lines, `${c.path} ${t.placeholder}`).toEqual(linesHolding(single.out, t.placeholder).slice(0, 100));
      }
      recorded += single.tokens.length;
    }
    expect(recorded).toBeGreaterThan(planted.length);
  });
});

describe('diagnosis reads token kinds from the records', () => {
  const config = (token: string) => `concurrent = 1\n\n[[runners]]\n  name = "build-1"\n  url = "https://gitlab.example.com"\n  token = "${token}"\n  executor = "shell"\n`;
  const reader = (text: string, redactedTokens?: RedactedToken[]): EvidenceReader => ({
    entries: () => [{ path: 'config.toml', kind: 'config-toml', source: 'files', ...(redactedTokens ? { redactedTokens } : {}) }],
    open: () => Readable.from([Buffer.from(text)]),
  });
  const ids = async (r: EvidenceReader) => (await analyze(r)).findings.map((f) => f.id);

  it('a record names the kind, whatever the label says', async () => {
    const placeholder = '[REDACTED gitlab-runner-token #1]';
    const text = config(placeholder);
    expect(await ids(reader(text))).not.toContain('runner-token-is-pat');
    expect(await ids(reader(text, [{ placeholder, kind: 'personal-access-token', lines: [6] }]))).toContain('runner-token-is-pat');
  });

  it('a bundle written before the records existed reads the kind from the label, with the same findings', async () => {
    const file = await store.add({ path: 'files/pat/config.toml', source: 'files:pat', content: config(PAT) });
    const bundle = join(dir, 'new.zip');
    const old = join(dir, 'old.zip');
    await writeBundle(store, [], bundle);
    await rewritten(bundle, old, (name, data) => {
      if (name !== 'manifest.json') return data;
      const manifest = JSON.parse(data.toString('utf8')) as { files: Record<string, unknown>[] };
      for (const f of manifest.files) delete f.redactedTokens;
      return Buffer.from(JSON.stringify(manifest));
    });
    const opened = await openBundle(bundle);
    const openedOld = await openBundle(old);
    try {
      expect(manifestSchema.parse(opened.manifest).files.find((f) => f.path === file.path)?.redactedTokens).toEqual(file.redactedTokens);
      expect(opened.reader.entries().find((e) => e.path === file.path)?.redactedTokens).toEqual(file.redactedTokens);
      expect(openedOld.reader.entries().every((e) => e.redactedTokens === undefined)).toBe(true);
      const fromRecords = await ids(opened.reader);
      expect(fromRecords).toContain('runner-token-is-pat');
      expect(await ids(openedOld.reader)).toEqual(fromRecords);
      expect(await ids(storeReader(store))).toEqual(fromRecords);
    } finally {
      opened.zip.close();
      openedOld.zip.close();
    }
  });
});
