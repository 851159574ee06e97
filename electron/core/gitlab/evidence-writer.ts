import type { EvidenceStore } from '../evidence/store';
import type { GitlabClient } from './client';
import type { GitlabApiMeta, GitlabEnvelope } from './evidence-shapes';

/**
 * Saves GitLab answers into the store as `{gitlabApi, body}` envelopes (kind gitlab-api). The
 * store redacts on the way in; the writer itself never receives a token to write.
 */
export class GitlabEvidenceWriter {
  constructor(
    private readonly store: EvidenceStore,
    private readonly client: GitlabClient,
    readonly source: string,
    private readonly signal?: AbortSignal,
  ) {}

  async answer(
    path: string,
    call: { method?: string; apiPath: string; status?: number; query?: Record<string, string | number> },
    body: unknown,
    extra: Partial<GitlabApiMeta> = {},
  ): Promise<void> {
    const query = call.query ? `?${new URLSearchParams(Object.entries(call.query).map(([k, v]) => [k, String(v)])).toString()}` : '';
    const envelope: GitlabEnvelope = {
      gitlabApi: {
        method: call.method ?? 'GET',
        path: `/api/v4${call.apiPath}${query}`,
        status: call.status ?? 200,
        collectedAt: new Date().toISOString(),
        instance: this.client.baseUrl,
        ...extra,
      },
      body,
    };
    await this.envelope(path, envelope);
  }

  async envelope(path: string, envelope: GitlabEnvelope): Promise<void> {
    await this.store.add({
      path,
      source: this.source,
      kind: 'gitlab-api',
      content: `${JSON.stringify(envelope, null, 2)}\n`,
      ...(this.signal ? { signal: this.signal } : {}),
    });
  }

  async text(path: string, text: string, kind: 'job-log'): Promise<void> {
    await this.store.add({ path, source: this.source, kind, content: text, ...(this.signal ? { signal: this.signal } : {}) });
  }
}
