import { z } from 'zod';

/** How long a prompt waits for an answer; no answer is a no. */
export const PROMPT_TIMEOUT_MS = 5 * 60_000;

const common = {
  promptId: z.string(),
  /** When the prompt expires (ISO time); after that it counts as a no. */
  expiresAt: z.string(),
};

/** A kubeconfig credential plugin wants to run for the first time. */
export const kubeExecPromptSchema = z.object({
  ...common,
  kind: z.literal('kube-exec'),
  context: z.string(),
  user: z.string(),
  kubeconfig: z.string(),
  /** The exact command line (secret-looking env values hidden). */
  commandLine: z.string(),
});

/** An SSH host presented a key that no known_hosts file knows. */
export const sshHostKeyPromptSchema = z.object({
  ...common,
  kind: z.literal('ssh-host-key'),
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  /** OpenSSH's SHA256:… form, to compare with what the host's administrator reads out. */
  fingerprint: z.string(),
});

export const promptRequestSchema = z.discriminatedUnion('kind', [kubeExecPromptSchema, sshHostKeyPromptSchema]);
export type PromptRequest = z.infer<typeof promptRequestSchema>;
export type PromptKind = PromptRequest['kind'];
