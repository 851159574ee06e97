// No imports: the collector names SSH targets before it loads the SSH client.

export type SshTargetInput = string | { target: string; password?: string; identityFile?: string };

/** The name a target goes by in sources and progress: the alias or user@host:port as typed. */
export function targetAlias(input: SshTargetInput): string {
  return (typeof input === 'string' ? input : input.target).trim().replace(/^ssh:\/\//i, '');
}
