import { resolve } from 'node:path';
import { isLanguage } from '../../../../shared/i18n/languages';
import type { Readable } from 'node:stream';
import type { Manifest } from '../../../../shared/bundle';
import type { CollectionError, EvidenceFile, RedactionSummary } from '../../../../shared/evidence';
import { findingsDocumentSchema, type Finding } from '../../../../shared/findings';
import { RedactStream, redactText } from '../redact/redact-stream';
import { Redactor } from '../redact/redactor';
import { HashingStream } from './hashing';
import { readManifest } from './read-bundle';
import { reserveExistingPlaceholders } from './placeholders';
import { bundleExtras } from './write-bundle';
import { BundleError, ZipReader } from './zip-reader';
import { mapMessageStrings, msg } from '../../../../shared/messages';
import { ZipOutput } from './zip-output';

export interface RedactedBundle {
  path: string;
  bytes: number;
  sha256: string;
  files: number;
  /** Secrets found now that the bundle's own redaction had missed. */
  redactions: number;
  summary: RedactionSummary;
  /** Entries the manifest did not list; they are not carried over. */
  dropped: string[];
}

function addSummaries(a: RedactionSummary, b: RedactionSummary): RedactionSummary {
  const out: Record<string, number> = { ...a };
  for (const [rule, n] of Object.entries(b)) out[rule] = (out[rule] ?? 0) + n;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}

/** An error or a note with its English and its message's values through the redactor. */
function redactWorded(entry: CollectionError, redactor: Redactor): CollectionError {
  const redact = (text: string) => redactText(redactor, text).text;
  return { ...entry, message: redact(entry.message), ...(entry.text ? { text: mapMessageStrings(entry.text, redact) } : {}) };
}

/** Every string in the findings through the redactor (excerpts quote evidence lines). */
function redactStrings<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactText(redactor, value).text as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, redactor)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redactor)])) as T;
  }
  return value;
}

async function readFindings(zip: ZipReader, path: string): Promise<Finding[]> {
  if (!zip.has('findings.json')) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(await zip.readText('findings.json'));
  } catch {
    throw new BundleError(msg('bundle.findingsNotJson', { path }));
  }
  const parsed = findingsDocumentSchema.safeParse(raw);
  if (!parsed.success) throw new BundleError(msg('bundle.findingsMalformed', { path }));
  return parsed.data.findings;
}

/**
 * `bundle redact IN.zip --out OUT.zip`: applies the current redaction rules to a bundle made
 * earlier (perhaps by an older version), streaming each file from the old zip through the
 * redactor into the new one. Placeholders already in the bundle are kept, and new ones are
 * numbered after them. Findings, reports, audit log and error messages are redacted too.
 */
export async function redactBundle(input: string, target: string, opts: { signal?: AbortSignal } = {}): Promise<RedactedBundle> {
  if (resolve(input) === resolve(target)) throw new BundleError(msg('bundle.overOriginal'));
  const zip = await ZipReader.open(input);
  try {
    const manifest = await readManifest(zip, input);
    const redactor = new Redactor();
    const present = manifest.files.filter((f) => zip.has(f.path));
    const textEntries = [...present.map((f) => f.path), ...['findings.json', 'audit.jsonl'].filter((n) => zip.has(n))];
    await reserveExistingPlaceholders(redactor, textEntries.map((name) => () => zip.openStream(name)), opts.signal);

    const out = new ZipOutput(target, opts.signal);
    try {
      const results: Promise<EvidenceFile>[] = present.map((file) => {
        // Entries are read one after another (addStream without `independent`), so the order of
        // placeholders is the same as on one thread; the scan itself runs on worker threads.
        const redact = new RedactStream(redactor, { workers: true });
        const hashing = new HashingStream();
        redact.on('error', (err: Error) => hashing.destroy(err));
        out.addStream(file.path, async (): Promise<Readable> => {
          const source = await zip.openStream(file.path);
          source.on('error', (err: Error) => redact.destroy(err));
          return source.pipe(redact).pipe(hashing);
        });
        return hashing.result.then(({ sha256, bytes }) => {
          // Tokens the bundle's own redaction recorded stay listed; those found now are added.
          const tokens = [...(file.redactedTokens ?? []), ...redact.tokens.records()];
          return { ...file, sha256, bytes, redactions: file.redactions + redact.count, ...(tokens.length ? { redactedTokens: tokens } : {}) };
        });
      });
      const files = await Promise.all(results);
      const findings = redactStrings(await readFindings(zip, input), redactor);
      const audit = zip.has('audit.jsonl') ? redactText(redactor, await zip.readText('audit.jsonl')).text : undefined;
      const newCounts = redactor.summary();
      const draft: Manifest = {
        ...manifest,
        sources: manifest.sources.map((s) => ({ ...s, description: redactText(redactor, s.description).text })),
        errors: manifest.errors.map((e) => redactWorded(e, redactor)),
        ...(manifest.notes ? { notes: manifest.notes.map((n) => redactWorded(n, redactor)) } : {}),
        files,
        redactionSummary: addSummaries(manifest.redactionSummary ?? {}, newCounts),
        redactedAgainAt: new Date().toISOString(),
      };
      delete (draft as { attachments?: unknown }).attachments;
      const { manifest: final, extras } = bundleExtras(draft, findings, audit, isLanguage(manifest.language) ? manifest.language : 'en');
      out.addBuffer('manifest.json', Buffer.from(JSON.stringify(final, null, 2) + '\n'));
      for (const [path, data] of extras) out.addBuffer(path, data);
      const written = await out.finish();
      const listed = new Set(['manifest.json', ...files.map((f) => f.path), ...extras.keys(), 'findings.json', 'report.md', 'report.html', 'audit.jsonl']);
      return {
        ...written,
        files: files.length,
        redactions: Object.values(newCounts).reduce((a, b) => a + b, 0),
        summary: newCounts,
        dropped: zip.entries().filter((e) => !e.isDirectory && !listed.has(e.name)).map((e) => e.name),
      };
    } catch (err) {
      await out.abort();
      throw err;
    }
  } finally {
    zip.close();
  }
}
