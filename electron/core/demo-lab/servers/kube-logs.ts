import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, LabLog } from '../world';
import { badRequest, KubeStatusError } from './kube-resources';

/** Fault switches for log streams, changed by tests and the benchmark while the server runs. */
export interface LogFaults {
  /** Extra delay before a log answer starts. */
  logLatencyMs: number;
  /** Cut the connection after this many body bytes (a dropped stream), for pods matching `dropLogPods`. */
  dropLogStreamsAfterBytes: number | null;
  dropLogPods: RegExp | null;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

export interface LogRequest {
  key: string;
  container: string;
  follow: boolean;
  running: boolean;
  tailLines?: number;
  limitBytes?: number;
  since?: number;
  timestamps: boolean;
  startedAt: number;
}

function positive(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  if (n < (name === 'tailLines' ? 0 : 1))
    throw new KubeStatusError(
      422,
      'Invalid',
      `PodLogOptions "" is invalid: ${name}: Invalid value: ${n}: must be greater than ${name === 'tailLines' ? 'or equal to 0' : '0'}`,
    );
  return n;
}

/** Validates a pods/log request against the pod, with the API server's messages, and says what to send. */
export function planLog(pod: KubeObject, url: URL, hasLog: (key: string) => boolean): LogRequest {
  const p = pod as Any;
  const name = pod.metadata.name;
  const containers: string[] = (p.spec?.containers ?? []).map((c: Any) => c.name);
  const inits: string[] = (p.spec?.initContainers ?? []).map((c: Any) => c.name);
  let container = url.searchParams.get('container') ?? '';
  if (!container) {
    const preferred = p.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    if (containers.length === 1) container = containers[0] as string;
    else if (preferred && containers.includes(preferred)) container = preferred;
    else
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : ''}`,
      );
  }
  if (!containers.includes(container) && !inits.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  const previous = url.searchParams.get('previous') === 'true';
  const key = `${pod.metadata.namespace}/${name}/${container}${previous ? '/previous' : ''}`;
  const statuses: Any[] = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])];
  const st = statuses.find((s) => s.name === container);
  if (previous && !hasLog(key)) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  if (!previous && !hasLog(key)) {
    if (p.status?.phase === 'Pending' && !p.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    if (st?.state?.waiting)
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${st.state.waiting.reason ?? 'ContainerCreating'}`);
  }
  const sinceSeconds = positive(url, 'sinceSeconds');
  const sinceTime = url.searchParams.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTime)
    throw new KubeStatusError(
      422,
      'Invalid',
      'PodLogOptions "" is invalid: []: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
  const since = sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : sinceTime ? Date.parse(sinceTime) : undefined;
  const tailLines = positive(url, 'tailLines');
  const limitBytes = positive(url, 'limitBytes');
  const started = st?.state?.running?.startedAt ?? p.status?.startTime ?? p.metadata?.creationTimestamp;
  return {
    key,
    container,
    follow: url.searchParams.get('follow') === 'true' && !previous,
    running: !previous && p.status?.phase === 'Running' && (!st || !!st.state?.running),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(since !== undefined ? { since } : {}),
    timestamps: url.searchParams.get('timestamps') === 'true',
    startedAt: started ? Date.parse(String(started)) : 0,
  };
}

/** Lines of a text log with the kubelet time of each (a line's own prefix, else the last one seen). */
function* timedLines(text: string, startedAt: number): Generator<{ time: number; stamp: string; text: string }> {
  let time = startedAt;
  let stamp = new Date(startedAt).toISOString();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    const m = raw.match(TS);
    if (m) {
      stamp = m[1] as string;
      time = Date.parse(stamp);
    }
    yield { time, stamp, text: m ? raw.slice(m[0].length) : raw };
  }
}

const toBuffer = (c: string | Buffer) => (typeof c === 'string' ? Buffer.from(c) : c);

/**
 * The last `n` lines of a log held as chunks, without joining them: walks back from the end for
 * newlines, as the kubelet seeks back in its log file.
 */
function* tailChunks(chunks: Buffer[], n: number): Generator<Buffer> {
  if (n === 0) return;
  let seen = 0;
  // A final newline ends the last line; it does not start another.
  let skipLast = true;
  for (let i = chunks.length - 1; i >= 0; i--) {
    const chunk = chunks[i] as Buffer;
    let at = chunk.length - 1;
    if (skipLast && at >= 0) {
      skipLast = false;
      if (chunk[at] === 0x0a) at--;
    }
    while (at >= 0) {
      at = chunk.lastIndexOf(0x0a, at);
      if (at === -1) break;
      if (++seen === n) {
        yield chunk.subarray(at + 1);
        yield* chunks.slice(i + 1);
        return;
      }
      at--;
    }
  }
  yield* chunks;
}

/**
 * The bytes to send, in chunks of about 64 KiB. Logs without kubelet timestamps and without
 * since/timestamps options are sent as bytes (tailLines cut by seeking back for newlines);
 * otherwise line by line, dropping or showing each line's time.
 */
export async function* logChunks(log: LabLog | undefined, plan: LogRequest): AsyncGenerator<string | Buffer> {
  if (log === undefined) return;
  const byLine = plan.since !== undefined || plan.timestamps || (typeof log === 'string' && /^\d{4}-\d\d-\d\dT\S+ /m.test(log));
  if (!byLine) {
    if (plan.tailLines === undefined) {
      if (typeof log === 'string') yield log;
      else for await (const chunk of log()) yield chunk;
      return;
    }
    const chunks: Buffer[] = [];
    if (typeof log === 'string') chunks.push(Buffer.from(log));
    else for await (const chunk of log()) chunks.push(toBuffer(chunk));
    yield* tailChunks(chunks, plan.tailLines);
    return;
  }
  let text = '';
  if (typeof log === 'string') text = log;
  else for await (const chunk of log()) text += chunk.toString();
  let lines = [...timedLines(text, plan.startedAt)];
  if (plan.since !== undefined) lines = lines.filter((l) => l.time >= (plan.since as number));
  if (plan.tailLines !== undefined) lines = plan.tailLines === 0 ? [] : lines.slice(-plan.tailLines);
  let batch = '';
  for (const l of lines) {
    batch += `${plan.timestamps ? `${l.stamp} ` : ''}${l.text}\n`;
    if (batch.length >= 64 * 1024) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/**
 * Writes a log answer with backpressure, honouring limitBytes and the dropped-stream fault.
 * Resolves when the body is complete (or cut); `follow` keeps the response open afterwards.
 */
export async function writeLog(
  req: IncomingMessage,
  res: ServerResponse,
  chunks: AsyncIterable<string | Buffer>,
  plan: LogRequest,
  dropAfter: number | null,
): Promise<'ended' | 'open' | 'dropped'> {
  res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
  // A follower may get no bytes for a long time; the headers must not wait for them.
  res.flushHeaders();
  let sent = 0;
  const limit = plan.limitBytes ?? Infinity;
  for await (const chunk of chunks) {
    if (res.destroyed || req.destroyed) return 'dropped';
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (sent + buf.length > limit) buf = buf.subarray(0, limit - sent);
    if (dropAfter !== null && sent + buf.length > dropAfter) {
      res.write(buf.subarray(0, Math.max(0, dropAfter - sent)));
      await new Promise((r) => setTimeout(r, 20));
      res.socket?.destroy();
      return 'dropped';
    }
    sent += buf.length;
    if (!res.write(buf))
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    if (sent >= limit) break;
  }
  if (plan.follow && plan.running && sent < limit) return 'open';
  res.end();
  return 'ended';
}
