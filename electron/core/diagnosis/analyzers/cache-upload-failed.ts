import { msg, type Message } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts, type LogMatch } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const CACHE_FAILED: LogSignature = {
  id: 'cache-upload-failed',
  hints: ['Failed to extract cache', 'Failed to create cache', 'pre-signed URL', 'received: ', 'Retrying...'],
  pattern:
    /Failed to (?<op>extract|create) cache|error (?:while )?generating \w+ pre-signed URL|(?:FATAL|WARNING|ERROR): received: (?<status>\d{3}[^\n.]*)|WARNING: Retrying\.\.\.[^\n]*error=(?:Put|Get|Head) "/,
};

/** The cache saved or restored after all: a retry before it was a blip, not a failing store. */
const CACHE_OK: LogSignature = {
  id: 'cache-ok',
  hints: ['Created cache', 'Successfully extracted cache'],
  pattern: /(?<done>Created cache|Successfully extracted cache)/,
};

/** A `Retrying...` line the same job's log shows succeeding afterwards (upload → `Created cache`, download → `Successfully extracted cache`). */
function retriedThenDone(m: LogMatch, done: readonly LogMatch[]): boolean {
  if (!/Retrying\.\.\./.test(m.excerpt)) return false;
  const want = /error=Put "/.test(m.excerpt) ? 'Created cache' : 'Successfully extracted cache';
  return done.some((d) => d.file === m.file && d.line > m.line && d.fields.done === want);
}

const P = 'cache-upload-failed';

/** What the object store's answer points at: its error code first, then the status. */
function causeOf(text: string): Message {
  if (/SignatureDoesNotMatch/.test(text)) return msg(`${P}.cause.signature`);
  if (/NoSuchBucket/.test(text)) return msg(`${P}.cause.noSuchBucket`);
  if (/InvalidAccessKeyId/.test(text)) return msg(`${P}.cause.invalidAccessKey`);
  if (/AssumeRole/.test(text)) return msg(`${P}.cause.assumeRole`);
  if (/AccessDenied|403 Forbidden/.test(text)) return msg(`${P}.cause.accessDenied`);
  return msg(`${P}.cause.other`);
}

/**
 * The distributed cache (S3, GCS, Azure) cannot be read or written. In the job log:
 * `Checking cache for …` / `Uploading cache.zip to https://…`, then `FATAL: received: 403
 * Forbidden` (optionally `Request failed with code: SignatureDoesNotMatch`), `WARNING:
 * Retrying... error=Put "https://…"`, and `Failed to extract cache` / `Failed to create cache`.
 * In the runner's own log: `error while generating S3 pre-signed URL` with the store's error
 * (e.g. `Not authorized to perform sts:AssumeRoleWithWebIdentity`). Jobs go on without the
 * cache, so they are slow rather than failed. A full host causes it too.
 * Weighed against the same job's outcome: a `Retrying...` followed by `Created cache` (or, for a
 * download, `Successfully extracted cache`) is a blip the retry fixed.
 * Not fired by: `Not uploading cache … due to policy`, `Created cache`, or `No URL provided`
 * alone (a runner without a shared cache prints it on every job).
 */
export const cacheUploadFailed: Analyzer = {
  id: 'cache-upload-failed',
  label: msg(`${P}.label`),
  signatures: [CACHE_FAILED, CACHE_OK],
  analyze(facts: Facts): Draft[] {
    const done = matchesOf(facts, CACHE_OK);
    const lines = matchesOf(facts, CACHE_FAILED).filter((m) => !retriedThenDone(m, done));
    if (!lines.length) return [];
    const text = lines.map((m) => m.excerpt).join('\n');
    const download = lines.some((m) => m.fields.op === 'extract' || /GetObject|Get "/.test(m.excerpt));
    const upload = lines.some((m) => m.fields.op === 'create' || /PutObject|Put "/.test(m.excerpt));
    const op = upload && download ? 'readWrite' : upload ? 'upload' : download ? 'download' : 'use';
    const backend = /amazonaws\.com|S3|sts:/.test(text) ? 'S3' : /googleapis\.com|GCS/.test(text) ? 'GCS' : /windows\.net|Azure/.test(text) ? 'Azure' : undefined;
    return [
      {
        id: 'cache-upload-failed',
        severity: 'warning',
        title: msg(`${P}.title.${op}`, { backend: backend ?? msg(`${P}.backend.server`) }),
        summary: [
          backend ? msg(`${P}.summary.what`, { backend }) : msg(`${P}.summary.what.server`),
          causeOf(text),
          msg(`${P}.summary.advice`),
        ],
        evidence: evidence(lines.slice(0, 4)),
        fixes: [
          fix('fix-cache-storage', msg(`${P}.fix.fix-cache-storage.title`), msg(`${P}.fix.fix-cache-storage.manual`)),
        ],
        references: [
          'https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-runnerscache-section',
          'https://docs.gitlab.com/runner/configuration/speed_up_job_execution/#use-a-distributed-cache',
        ],
        ruledOut: [claim(facts, LOG_KINDS, msg(`${P}.ruledOut.cache`))],
      },
    ];
  },
};
