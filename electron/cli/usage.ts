/** A mistake in how the CLI was called or in its input: one clear line on stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, findings: 1, usage: 2, unreachable: 3 } as const;
