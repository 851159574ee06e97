import { z } from 'zod';
import { findingSchema } from '../findings';
import { collectionErrorSchema, collectionNoteSchema, evidenceFileSchema, redactionSummarySchema } from '../evidence';
import { bundleSourceSchema } from '../bundle';
import { LANGUAGES } from '../i18n/languages';
import { fixChannels } from './fixes';
import { tokenCheckChannels } from './token-checks';
import { resumeChannels } from './resume';
import { sourceTargetSchema } from '../source-ids';
import {
  gitlabSaveTokenInput,
  gitlabSaveTokenOutput,
  gitlabStoredTokenOutput,
  gitlabTestInput,
  gitlabTestOutput,
  gitlabUrlSchema,
  kubeCheckInput,
  kubeCheckOutput,
  kubeContextsInput,
  kubeContextsOutput,
  kubeNamespacesInput,
  kubeNamespacesOutput,
  kubeReachInput,
  promptAnswerInput,
  promptAnswerOutput,
  sshHostsInput,
  sshHostsOutput,
  targetDefaultsOutput,
} from './targets';

const operationIdSchema = z.string().min(1).max(100);
const sessionIdSchema = z.string().min(1).max(100);

export const kubeTargetSchema = z.object({
  context: z.string().min(1).max(253),
  /** Default: the namespace the context sets, else `default`. */
  namespace: z.string().min(1).max(253).optional(),
  /** Every namespace holding runners among those the user may list (instead of `namespace`). */
  allNamespaces: z.boolean().optional(),
  /** Default: KUBECONFIG, else ~/.kube/config. */
  kubeconfig: z.string().min(1).max(4096).optional(),
});
export const sshTargetSchema = z.object({
  /** An ssh config alias, user@host, or user@host:port. */
  host: z.string().trim().min(1).max(300),
  /** Default: ~/.ssh/config when it exists. */
  sshConfig: z.string().min(1).max(4096).optional(),
  /** The user's known_hosts to check keys against; default ~/.ssh/known_hosts. Keys accepted in the app go to the app's own file. */
  knownHosts: z.string().min(1).max(4096).optional(),
});
export const gitlabTargetSchema = z.object({
  /** As typed: gitlab.example.com, https://host/, https://host/sub/api/v4… */
  url: z.string().trim().min(1).max(2000),
  /** Name of a token kept in secure storage; the token itself never crosses IPC back to the renderer. */
  tokenRef: z.string().min(1).max(100).optional(),
  caFile: z.string().min(1).max(4096).optional(),
  /** Send the token over plain http to another machine anyway (refused otherwise). */
  allowInsecureHttp: z.boolean().optional(),
});
export const DEMO_TARGETS = ['kube', 'ssh', 'gitlab'] as const;
export type DemoTarget = (typeof DEMO_TARGETS)[number];

export const sourcesSchema = z.object({
  /** Collect from the running demo lab, with the lab's own credentials. */
  demo: z.boolean().optional(),
  /** With `demo`: only these lab targets (default: all of them). */
  demoTargets: z.array(z.enum(DEMO_TARGETS)).optional(),
  kube: z.array(kubeTargetSchema).max(200).optional(),
  ssh: z.array(sshTargetSchema).max(500).optional(),
  gitlab: gitlabTargetSchema.optional(),
  files: z.array(z.string().min(1).max(4096)).max(200).optional(),
});
export type Sources = z.infer<typeof sourcesSchema>;

export const sessionSummarySchema = z.object({
  sessionId: sessionIdSchema,
  /** 'restored': the last collection, reopened after the app restarted; read-only until collected again. */
  origin: z.enum(['collected', 'bundle', 'restored']),
  /** When the evidence was collected (collected and restored diagnoses). */
  collectedAt: z.iso.datetime().optional(),
  findings: z.array(findingSchema),
  files: z.array(evidenceFileSchema),
  unrecognized: z.array(z.string()),
  errors: z.array(collectionErrorSchema),
  notes: z.array(collectionNoteSchema),
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
  /** The incidents the lab reproduces; `title` is English, the renderer words it by `id`. */
  scenarios: z.array(z.object({ id: z.string(), seed: z.string(), title: z.string() })),
});
export type DemoLabInfo = z.infer<typeof demoLabInfoSchema>;

/** Most matching lines one viewer search returns; the count then reads "10,000+". */
export const EVIDENCE_SEARCH_LIMIT = 10_000;

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
  /** Collects one target of a collection again (only that target), merges it into the session and re-runs analysis; progress as operation events. */
  'collect.retry': {
    input: z.object({ sessionId: sessionIdSchema, target: sourceTargetSchema }),
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
  /** Lines of an evidence file holding a text (case-insensitive, colour codes ignored), for the viewer's search. */
  'evidence.search': {
    input: z.object({
      sessionId: sessionIdSchema,
      path: z.string().min(1),
      query: z.string().min(1).max(500),
    }),
    output: z.object({
      /** Ascending 1-based line numbers, at most EVIDENCE_SEARCH_LIMIT. */
      lines: z.array(z.number().int().positive()),
      truncated: z.boolean(),
      totalLines: z.number().int().nonnegative(),
    }),
  },
  'bundle.export': {
    /** `language`: what report.md and report.html are written in (the app's, English by default). */
    input: z.object({ sessionId: sessionIdSchema, language: z.enum(LANGUAGES).optional() }),
    output: z.object({
      saved: z.boolean(),
      path: z.string().optional(),
      bytes: z.number().int().nonnegative().optional(),
      sha256: z.string().optional(),
      /** Browser mode: where the page downloads the saved bundle from (it is not kept on the server). */
      download: z.string().regex(/^\/download\/[0-9a-f]{32}$/).optional(),
    }),
  },
  'bundle.open': {
    /** `upload`: the id the bridge gave a bundle the page uploaded through its file picker. */
    input: z.object({ path: z.string().min(1).optional(), upload: z.string().regex(/^[0-9a-f]{32}$/).optional() }),
    output: z.object({ opened: z.boolean(), session: sessionSummarySchema.optional() }),
  },
  /** Where kubectl and ssh look by default, to prefill the target fields. */
  'targets.defaults': { input: z.object({}), output: targetDefaultsOutput },
  /** Keeps a token typed by the user (OS keychain, else memory for this run); answers its reference only. */
  'gitlab.saveToken': { input: gitlabSaveTokenInput, output: gitlabSaveTokenOutput },
  /** The reference of a token already kept for this instance, if any. */
  'gitlab.storedToken': { input: z.object({ url: gitlabUrlSchema }), output: gitlabStoredTokenOutput },
  /** Version, whose token, its scopes and expiry, and the runners it sees. */
  'gitlab.test': { input: gitlabTestInput, output: gitlabTestOutput },
  /** Contexts of a kubeconfig, without contacting any cluster. */
  'kube.contexts': { input: kubeContextsInput, output: kubeContextsOutput },
  /** Namespaces of a context (may ask to run the context's exec plugin first). */
  'kube.namespaces': { input: kubeNamespacesInput, output: kubeNamespacesOutput },
  /** Whether each context's cluster answers (GET /version), as an operation: kube.reach events, cancel with operation.cancel. */
  'kube.reach': { input: kubeReachInput, output: z.object({ operationId: operationIdSchema }) },
  /** Connectivity and RBAC self-check, with the Role YAML that grants what is missing. */
  'kube.check': { input: kubeCheckInput, output: kubeCheckOutput },
  /** Host aliases of an ssh config. */
  'ssh.hosts': { input: sshHostsInput, output: sshHostsOutput },
  /** The user's answer to a prompt.request event. */
  'prompt.answer': { input: promptAnswerInput, output: promptAnswerOutput },
  'report.markdown': {
    input: z.object({ sessionId: sessionIdSchema, language: z.enum(LANGUAGES).optional() }),
    output: z.object({ markdown: z.string() }),
  },
  ...fixChannels,
  ...tokenCheckChannels,
  ...resumeChannels,
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type ChannelInput<C extends Channel> = z.infer<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<Channels[C]['output']>;

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}
