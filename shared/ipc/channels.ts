import { z } from 'zod';
import { findingSchema } from '../findings';
import { collectionErrorSchema, evidenceFileSchema, redactionSummarySchema } from '../evidence';
import { bundleSourceSchema } from '../bundle';

const operationIdSchema = z.string().min(1).max(100);
const sessionIdSchema = z.string().min(1).max(100);

export const kubeTargetSchema = z.object({
  context: z.string().min(1),
  namespace: z.string().min(1).optional(),
  kubeconfig: z.string().optional(),
});
export const sshTargetSchema = z.object({
  host: z.string().min(1),
  sshConfig: z.string().optional(),
  knownHosts: z.string().optional(),
});
export const gitlabTargetSchema = z.object({
  url: z.string().url(),
  /** Name of a token kept in secure storage; the token itself never crosses IPC back to the renderer. */
  tokenRef: z.string().optional(),
  caFile: z.string().optional(),
});

export const sourcesSchema = z.object({
  demo: z.boolean().optional(),
  kube: z.array(kubeTargetSchema).optional(),
  ssh: z.array(sshTargetSchema).optional(),
  gitlab: gitlabTargetSchema.optional(),
  files: z.array(z.string()).optional(),
});
export type Sources = z.infer<typeof sourcesSchema>;

export const sessionSummarySchema = z.object({
  sessionId: sessionIdSchema,
  origin: z.enum(['collected', 'bundle']),
  findings: z.array(findingSchema),
  files: z.array(evidenceFileSchema),
  unrecognized: z.array(z.string()),
  errors: z.array(collectionErrorSchema),
  sources: z.array(bundleSourceSchema),
  redactionSummary: redactionSummarySchema,
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const demoLabInfoSchema = z.object({
  running: z.boolean(),
  kubeconfigPath: z.string().optional(),
  kubeContext: z.string().optional(),
  namespace: z.string().optional(),
  sshConfigPath: z.string().optional(),
  sshAlias: z.string().optional(),
  gitlabUrl: z.string().optional(),
  scenarios: z.array(z.string()),
});
export type DemoLabInfo = z.infer<typeof demoLabInfoSchema>;

/** One map: channel → input and output schema. Types come from z.infer; there is no untyped channel. */
export const channels = {
  'app.info': {
    input: z.object({}),
    output: z.object({ name: z.string(), version: z.string(), shell: z.enum(['electron', 'browser']) }),
  },
  'demo.start': { input: z.object({}), output: demoLabInfoSchema },
  'demo.status': { input: z.object({}), output: demoLabInfoSchema },
  'collect.start': {
    input: z.object({ sources: sourcesSchema }),
    output: z.object({ operationId: operationIdSchema }),
  },
  'operation.cancel': {
    input: z.object({ operationId: operationIdSchema }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'session.get': {
    input: z.object({ sessionId: sessionIdSchema }),
    output: sessionSummarySchema,
  },
  'evidence.lines': {
    input: z.object({
      sessionId: sessionIdSchema,
      path: z.string().min(1),
      fromLine: z.number().int().positive(),
      count: z.number().int().positive().max(5000),
    }),
    output: z.object({ lines: z.array(z.string()), totalLines: z.number().int().nonnegative().nullable() }),
  },
  'bundle.export': {
    input: z.object({ sessionId: sessionIdSchema }),
    output: z.object({
      saved: z.boolean(),
      path: z.string().optional(),
      bytes: z.number().int().nonnegative().optional(),
      sha256: z.string().optional(),
    }),
  },
  'bundle.open': {
    input: z.object({ path: z.string().min(1).optional() }),
    output: z.object({ opened: z.boolean(), session: sessionSummarySchema.optional() }),
  },
  'report.markdown': {
    input: z.object({ sessionId: sessionIdSchema }),
    output: z.object({ markdown: z.string() }),
  },
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type ChannelInput<C extends Channel> = z.infer<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<Channels[C]['output']>;

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}
