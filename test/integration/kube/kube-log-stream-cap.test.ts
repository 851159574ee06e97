import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../../electron/core/kube/kube-client';
import { keepPartialLog, streamPodLog } from '../../../electron/core/kube/pod-logs';
import { MAX_STREAM_BYTES } from '../../../electron/core/kube/stream-cap';
import { startEndlessKube } from '../../helpers/endless-kube';

// A Kubernetes API (or a proxy in front of it) that ignores limitBytes and streams a log
// without end: a real HTTP server. The client holds the stream to the bytes it asked for.
let kube: Awaited<ReturnType<typeof startEndlessKube>>;
const LINES = 'Checking for jobs... received job=1 repo_url=https://gitlab.example.com/g/p.git\n'.repeat(2048);

beforeAll(async () => {
  kube = await startEndlessKube('text/plain', '', Buffer.from(LINES));
});
afterAll(async () => {
  await kube.close();
});

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('a log stream is bounded in bytes even when the server ignores limitBytes', () => {
  it('stops at limitBytes, keeps what arrived with a marker, reports it, well before the time limit', async () => {
    const client = await KubeClient.connect(kube.kubeconfig, 'endless');
    const limitBytes = 2 * 1024 * 1024;
    const started = Date.now();
    const before = process.memoryUsage().rss;
    const breaks: string[] = [];
    try {
      const raw = await streamPodLog(client, 'ns', 'runner-0', { container: 'runner', limitBytes, signal: AbortSignal.timeout(60_000) });
      const kept = await drain(keepPartialLog(raw, () => false, (message) => breaks.push(message)));
      expect(kube.asked.at(-1)).toContain(`limitBytes=${limitBytes}`);
      expect(kept.length).toBeLessThan(limitBytes + 1024);
      expect(kept.toString()).toMatch(/\[runner-doctor: the log stream stopped after \d+ bytes: .*more than the 2097152 bytes asked for; stopped reading\]\n$/);
      expect(breaks).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(process.memoryUsage().rss - before).toBeLessThan(250 * 1024 * 1024);
    } finally {
      await client.close();
    }
  }, 90_000);

  it('a stream without limitBytes stops at the client default cap', async () => {
    const client = await KubeClient.connect(kube.kubeconfig, 'endless');
    try {
      const raw = await client.stream('/api/v1/namespaces/ns/pods/runner-0/log', { query: { container: 'runner', tailLines: 500 }, signal: AbortSignal.timeout(60_000) });
      let bytes = 0;
      await expect(
        (async () => {
          for await (const c of raw) bytes += (c as Buffer).length;
        })(),
      ).rejects.toThrow(new RegExp(`more than the ${MAX_STREAM_BYTES} bytes asked for`));
      expect(bytes).toBeLessThanOrEqual(MAX_STREAM_BYTES);
    } finally {
      await client.close();
    }
  }, 90_000);
});
