import type { ProgressSource } from '../../../shared/source-ids';

export type SourceState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** Progress of one source (a pod, a host, the GitLab API…), reported as work goes on. */
export type ProgressFn = (source: ProgressSource, state: SourceState, message: string, done?: number, total?: number) => void;
