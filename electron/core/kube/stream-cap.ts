import { Transform, type Readable, type TransformCallback } from 'node:stream';

/** What one streamed answer (a log) may bring when the caller sets no cap of its own. */
export const MAX_STREAM_BYTES = 64 * 1024 * 1024;

/**
 * Passes at most `maxBytes` of `body` on, then fails with a clear error and stops reading from
 * the server. The API's `limitBytes` asks the server for a bound; this holds it when the server
 * (or a proxy) ignores it, so an endless answer cannot grow memory or disk until the time limit.
 */
export function capStream(body: Readable, maxBytes: number, what: string): Readable {
  let seen = 0;
  let over = false;
  const out = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen <= maxBytes) return done(null, chunk);
      over = true;
      body.unpipe(out);
      done(new Error(`${what}: the server sent more than the ${maxBytes} bytes asked for; stopped reading`));
      body.destroy();
    },
  });
  // Destroying the body to stop it raises its own error ("aborted"): the cap's error is the one that counts.
  body.on('error', (err) => {
    if (!over) out.destroy(err);
  });
  // The consumer gave up: stop reading from the server too.
  out.once('close', () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(out);
}
