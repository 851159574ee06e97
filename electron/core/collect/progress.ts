export type SourceState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** Progress of one source (a pod, a host, the GitLab API…), reported as work goes on. */
export type ProgressFn = (source: string, state: SourceState, message: string, done?: number, total?: number) => void;
