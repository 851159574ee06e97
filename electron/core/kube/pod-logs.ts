import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { KubeClient } from './kube-client';
import { kubeErrorMessage } from './kube-errors';

export interface PodLogOptions {
  container: string;
  previous?: boolean;
  /** Only the last N lines (the API's tailLines). */
  tailLines?: number;
  /** At most N bytes (the API's limitBytes: the first N of what would be sent). */
  limitBytes?: number;
  /** Only lines written in the last N seconds. */
  sinceSeconds?: number;
  /** Bounds the whole stream: the caller's cancel combined with the time limit. */
  signal: AbortSignal;
}

/**
 * Opens one container's log as a stream. Never `follow`: on a running container that would
 * never end; the time, line and byte limits bound it instead.
 */
export async function streamPodLog(client: KubeClient, namespace: string, pod: string, opts: PodLogOptions): Promise<Readable> {
  return client.stream(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`, {
    query: {
      container: opts.container,
      ...(opts.previous ? { previous: true } : {}),
      ...(opts.tailLines !== undefined ? { tailLines: opts.tailLines } : {}),
      ...(opts.limitBytes !== undefined ? { limitBytes: opts.limitBytes } : {}),
      ...(opts.sinceSeconds !== undefined ? { sinceSeconds: opts.sinceSeconds } : {}),
    },
    signal: opts.signal,
    // A server that ignores limitBytes is held to it here.
    ...(opts.limitBytes !== undefined ? { maxBytes: opts.limitBytes } : {}),
  });
}

/** Network reads arrive in ~16 KiB pieces; the store writes each piece it gets, so gather bigger ones. */
const GATHER_BYTES = 64 * 1024;

/** Passes bytes on in chunks of about GATHER_BYTES, and can end with a last line of its own. */
class Gather extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  bytes = 0;
  endsWithNewline = true;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (chunk.length) this.endsWithNewline = chunk[chunk.length - 1] === 0x0a;
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= GATHER_BYTES) this.release();
    done();
  }

  override _flush(done: TransformCallback): void {
    this.release();
    done();
  }

  release(): void {
    if (this.size === 0) return;
    this.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * Passes a log through; if the stream breaks (connection dropped, time limit reached), what
 * arrived is kept and ends with a marker line saying why, and `onBreak` reports it. A cancel by
 * the user still fails the stream, so nothing half-written is kept then.
 */
export function keepPartialLog(source: Readable, cancelled: () => boolean, onBreak: (message: string, bytes: number) => void): Readable {
  const out = new Gather();
  source.once('error', (err) => {
    source.unpipe(out);
    if (cancelled()) {
      out.destroy(err);
      return;
    }
    const message = kubeErrorMessage(err);
    onBreak(message, out.bytes);
    out.end(`${out.endsWithNewline ? '' : '\n'}[runner-doctor: the log stream stopped after ${out.bytes} bytes: ${message}]\n`);
  });
  // The consumer gave up (cancel, store error): stop reading from the cluster too.
  out.once('close', () => {
    if (!source.destroyed) source.destroy();
  });
  return source.pipe(out);
}
