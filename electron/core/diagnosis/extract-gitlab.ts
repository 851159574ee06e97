import type { Facts } from './facts';

/** Envelope the GitLab collector writes around each API answer. */
export interface GitlabApiEvidence {
  gitlabApi: { method: string; path: string; status: number; collectedAt?: string };
  body: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function looksLikeJob(v: Record<string, unknown>): boolean {
  return typeof v.id === 'number' && typeof v.status === 'string' && ('pipeline' in v || 'stage' in v || 'runner' in v);
}

/** 1-based line of the first line containing `needle` at or after `from`, or 0. */
function lineOf(lines: string[], needle: string, from = 0): number {
  for (let i = from; i < lines.length; i++) if (lines[i]?.includes(needle)) return i + 1;
  return 0;
}

/** Jobs from GitLab API answers (envelope or a raw job / job list a user saved with curl). */
export function extractGitlab(file: string, text: string, facts: Facts): void {
  const doc: unknown = JSON.parse(text);
  const body = isRecord(doc) && 'gitlabApi' in doc ? doc.body : doc;
  const items = Array.isArray(body) ? body : [body];
  const lines = text.split('\n');
  for (const item of items) {
    if (!isRecord(item) || !looksLikeJob(item)) continue;
    const id = item.id as number;
    const idLine = lineOf(lines, `"id": ${id}`) || lineOf(lines, `"id":${id}`);
    const statusLine = lineOf(lines, '"status"', Math.max(0, idLine - 1)) || idLine;
    const project = isRecord(item.project) ? item.project : undefined;
    const pipeline = isRecord(item.pipeline) ? item.pipeline : undefined;
    const runner = isRecord(item.runner) ? item.runner : undefined;
    const projectId = project?.id ?? pipeline?.project_id;
    facts.gitlabJobs.set(id, {
      id,
      status: item.status as string,
      ...(typeof projectId === 'number' ? { projectId } : {}),
      ...(typeof runner?.id === 'number' ? { runnerId: runner.id } : {}),
      ...(typeof item.started_at === 'string' ? { startedAt: item.started_at } : {}),
      file,
      line: statusLine,
      excerpt: `job ${id} "status": "${String(item.status)}"${typeof item.started_at === 'string' ? `, started_at ${item.started_at}` : ''}`,
    });
  }
}
