import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../../electron/core/kube/kube-client';
import { startEndlessKube } from '../../helpers/endless-kube';

// A Kubernetes API (or a proxy in front of one) that never stops answering: a real HTTP
// server streaming an endless JSON body. The client stops at its byte cap, memory stays flat.
let kube: Awaited<ReturnType<typeof startEndlessKube>>;

beforeAll(async () => {
  kube = await startEndlessKube('application/json', '{"kind":"NamespaceList","items":[', Buffer.from('{"metadata":{"name":"x"}},'.repeat(4096)));
});
afterAll(async () => {
  await kube.close();
});

describe('Kubernetes answers are bounded in bytes as well as time', () => {
  it('an endless JSON answer is cut at the cap with one clear error, memory stays well under 250 MB', async () => {
    const client = await KubeClient.connect(kube.kubeconfig, 'endless', { timeoutMs: 60_000 });
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      await expect(client.json('/api/v1/namespaces')).rejects.toThrow(/answer is over \d+ bytes; stopped reading/);
    } finally {
      clearInterval(timer);
    }
    expect(peak - before).toBeLessThan(250 * 1024 * 1024);
  }, 90_000);
});
