import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { ZipReader } from '../../electron/core/evidence/bundle/zip-reader';
import { findingKey, findingsDocumentSchema, type Finding } from '../../shared/findings';
import { formatMessage, localizeFinding } from '../../shared/i18n/text';
import { englishLeft } from '../helpers/english-prose';
import { messagesOf } from '../helpers/finding-messages';
import { runCli } from '../helpers/run-cli';
import { invoker } from './app-harness';

// A bundle written before findings carried message ids (runner-doctor-bundle/1 from
// `runner-doctor collect --demo` of that version: its findings.json has English texts only, its
// manifest no language). Readers analyse a bundle's evidence again rather than show its stored
// findings, so the findings of an older bundle read in Russian like any other: the same findings,
// with message ids from today's analyzers.
const BUNDLE = resolve(__dirname, '../fixtures/bundles/before-message-ids.zip');

let stored: Finding[];
let dir: string;
let service: AppService;
const host: HostServices = { shell: 'browser', secrets: memorySecretStore('kept in memory'), chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined };
const { call } = invoker(() => service.handlers);

beforeAll(async () => {
  const zip = await ZipReader.open(BUNDLE);
  try {
    stored = findingsDocumentSchema.parse(JSON.parse(await zip.readText('findings.json'))).findings;
    expect(JSON.parse(await zip.readText('manifest.json'))).not.toHaveProperty('language');
  } finally {
    zip.close();
  }
  dir = await mkdtemp(join(tmpdir(), 'rd-older-bundle-'));
  service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
});
afterAll(async () => {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Every message of every finding rendered in Russian, with what is left of English prose. */
function englishLeftIn(findings: readonly Finding[]): string[] {
  return findings.flatMap((f) => messagesOf(f).map((m) => englishLeft(m, formatMessage)).filter((x) => x !== undefined).map((x) => `${f.id}: ${x}`));
}

describe('a bundle written before findings carried message ids', () => {
  it('is that older format: it verifies, and its stored findings have no message ids', async () => {
    expect(stored.length).toBeGreaterThan(5);
    expect(stored.filter((f) => 'messages' in f)).toEqual([]);
    const r = await runCli(['bundle', 'verify', BUNDLE, '--lang', 'ru']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/runner-doctor-bundle\/1/);
  });

  it('runner-doctor analyze --lang ru shows its findings in Russian, analysed again from its evidence', async () => {
    const json = await runCli(['analyze', BUNDLE, '--json']);
    const findings = (JSON.parse(json.stdout) as { findings: Finding[] }).findings;
    expect(findings.map(findingKey).sort()).toEqual(stored.map(findingKey).sort());
    expect(findings.filter((f) => !f.messages).map((f) => f.id)).toEqual([]);
    expect(englishLeftIn(findings)).toEqual([]);

    const text = await runCli(['analyze', BUNDLE, '--lang', 'ru']);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[0]).toMatch(/^\d+ наход\p{L}*: /u);
    for (const f of findings) expect(text.stdout).toContain(localizeFinding(f, 'ru').title);
    // None of the stored English titles is shown.
    for (const f of stored) expect(text.stdout).not.toContain(f.title);
  }, 120_000);

  it('opened in the app, its findings carry message ids, so the Findings step and the report read in Russian', async () => {
    const opened = await call('bundle.open', { path: BUNDLE });
    expect(opened.session?.origin).toBe('bundle');
    const findings = opened.session!.findings;
    expect(findings.map(findingKey).sort()).toEqual(stored.map(findingKey).sort());
    expect(findings.filter((f) => !f.messages).map((f) => f.id)).toEqual([]);
    expect(englishLeftIn(findings)).toEqual([]);
    const { markdown } = await call('report.markdown', { sessionId: opened.session!.sessionId, language: 'ru' });
    for (const f of findings) expect(markdown).toContain(localizeFinding(f, 'ru').title);
    for (const f of stored) expect(markdown).not.toContain(f.title);
  });
});
