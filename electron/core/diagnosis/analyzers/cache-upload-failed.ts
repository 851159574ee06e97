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

/** What the object store's answer points at: its error code first, then the status. */
function causeOf(text: string): string {
  if (/SignatureDoesNotMatch/.test(text))
    return "The store rejects the request signature (SignatureDoesNotMatch): usually the secret key in [runners.cache.s3] does not belong to the access key, or the region or the runner host's clock is off.";
  if (/NoSuchBucket/.test(text))
    return 'The bucket does not exist (NoSuchBucket): check BucketName and BucketLocation in [runners.cache.s3].';
  if (/InvalidAccessKeyId/.test(text))
    return 'The store does not know the access key (InvalidAccessKeyId): the key in [runners.cache.s3] is wrong or deleted.';
  if (/AssumeRole/.test(text))
    return "The runner cannot assume its IAM role (sts:AssumeRole…), so it cannot sign cache URLs: check the role's trust policy (for a Kubernetes ServiceAccount, the OIDC condition names the provider without `https://`) and the role annotation.";
  if (/AccessDenied|403 Forbidden/.test(text))
    return "The store refuses the runner's credentials (403 Forbidden / AccessDenied): usually the key or IAM role lacks s3:GetObject / s3:PutObject (and s3:ListBucket, without which a missing object also answers 403) on the bucket, or the role cannot be assumed.";
  return 'The runner could not reach or write to the cache storage: check the [runners.cache] settings, the credentials and the network path from jobs to the store.';
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
  label: 'cache storage failing',
  signatures: [CACHE_FAILED, CACHE_OK],
  analyze(facts: Facts): Draft[] {
    const done = matchesOf(facts, CACHE_OK);
    const lines = matchesOf(facts, CACHE_FAILED).filter((m) => !retriedThenDone(m, done));
    if (!lines.length) return [];
    const text = lines.map((m) => m.excerpt).join('\n');
    const download = lines.some((m) => m.fields.op === 'extract' || /GetObject|Get "/.test(m.excerpt));
    const upload = lines.some((m) => m.fields.op === 'create' || /PutObject|Put "/.test(m.excerpt));
    const what = upload && download ? 'read or written' : upload ? 'uploaded' : download ? 'downloaded' : 'used';
    const backend = /amazonaws\.com|S3|sts:/.test(text)
      ? 'S3'
      : /googleapis\.com|GCS/.test(text)
        ? 'GCS'
        : /windows\.net|Azure/.test(text)
          ? 'Azure'
          : 'the shared cache server';
    return [
      {
        id: 'cache-upload-failed',
        severity: 'warning',
        title: `The job cache could not be ${what} (${backend})`,
        summary:
          `The runner's distributed cache on ${backend} failed, so jobs run without their cache (slower, fresh downloads) or skip saving it. ` +
          causeOf(text) +
          ' Test with the same credentials from the runner host (e.g. `aws s3 ls s3://<bucket>`), then rerun a job and look for `Created cache` / `Successfully extracted cache`.',
        evidence: evidence(lines.slice(0, 4)),
        fixes: [
          fix(
            'fix-cache-storage',
            'Give the runner working access to its cache bucket',
            'In config.toml [runners.cache] / [runners.cache.s3|gcs|azure]: check BucketName, BucketLocation, ServerAddress and the keys (or the IAM role, with s3:GetObject, s3:PutObject and s3:ListBucket on the bucket); restart the runner after changing them.',
          ),
        ],
        references: [
          'https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-runnerscache-section',
          'https://docs.gitlab.com/runner/configuration/speed_up_job_execution/#use-a-distributed-cache',
        ],
        ruledOut: [
          claim(
            facts,
            LOG_KINDS,
            "The failing requests are the cache's (cache archive upload or download, or its pre-signed URL), not artifacts or git.",
          ),
        ],
      },
    ];
  },
};
