import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Passes bytes through and, at the end, tells their sha256 and count. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private settle!: (r: { sha256: string; bytes: number }) => void;
  readonly result = new Promise<{ sha256: string; bytes: number }>((resolve) => {
    this.settle = resolve;
  });

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.settle({ sha256: this.hash.digest('hex'), bytes: this.bytes });
    done();
  }
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
