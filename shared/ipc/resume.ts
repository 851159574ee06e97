import { z } from 'zod';
import { LANGUAGES } from '../i18n';
import { progressSourceSchema } from '../source-ids';
import { events } from './events';

/** The wizard's steps, in order. */
export const STEPS = ['welcome', 'targets', 'collect', 'findings', 'fix', 'export'] as const;
export type Step = (typeof STEPS)[number];

/** 'system' follows the OS's light or dark setting (prefers-color-scheme); the others pin one. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Saved states older than this are not offered again: the clusters and runners have moved on. */
export const RESUME_MAX_AGE_DAYS = 30;

const text = (max: number) => z.string().max(max);

/** Rows of the Collect step kept across a restart: a fleet's pods are many, but not more than this. */
const MAX_SAVED_ROWS = 20_000;

/**
 * The last finished collection as the Collect step showed it: one row per source and item with
 * its state and the collector's words. The main side redacts the words before writing them.
 */
export const savedCollectionSchema = z.object({
  status: z.enum(['ok', 'cancelled', 'failed']),
  /** Every target it announced when it started. */
  planned: z.array(progressSourceSchema).max(MAX_SAVED_ROWS).optional(),
  rows: z.array(events['operation.progress'].omit({ operationId: true })).max(MAX_SAVED_ROWS),
});
export type SavedCollection = z.infer<typeof savedCollectionSchema>;

/**
 * What the wizard keeps across a restart of the app. Field names are chosen, not spread from the
 * renderer's stores: nothing secret (a token being typed, a token itself) has a place here, and
 * unknown keys are dropped by the schema before anything is written.
 */
export const wizardStateSchema = z.object({
  step: z.enum(STEPS),
  mode: z.enum(['demo', 'real']).optional(),
  /** Demo lab targets ticked. */
  chosen: z.object({ kube: z.boolean(), ssh: z.boolean(), gitlab: z.boolean() }),
  /** "Diagnose my runners": what was typed and chosen, without tokens. */
  targets: z
    .object({
      gitlabUrl: text(2048),
      gitlabCaFile: text(4096),
      kubeconfig: text(4096),
      /** Chosen context/namespace pairs. */
      kubeSelected: z.array(text(600)).max(500),
      /** Contexts collected from every namespace that holds runners (absent in states saved before the choice existed). */
      kubeAllNamespaces: z.array(text(253)).max(200).optional(),
      sshConfig: text(4096),
      knownHosts: text(4096),
      sshChosen: z.array(text(300)).max(500),
      sshTyped: text(10_000),
      files: text(100_000),
    })
    .optional(),
  /** The last finished collection's rows, so the Collect step shows what happened after a restart. */
  collection: savedCollectionSchema.optional(),
  /** The diagnosis on screen; the main side keeps a redacted bundle of it to reopen. */
  sessionId: z.string().min(1).max(100).optional(),
  preferences: z.object({ language: z.enum(LANGUAGES).optional(), theme: z.enum(THEMES).optional() }),
});
export type WizardState = z.infer<typeof wizardStateSchema>;

/** Why a saved state was not restored; the renderer says it in the user's language. */
export const RESUME_PROBLEMS = ['unreadable', 'other-version', 'too-old', 'diagnosis-lost'] as const;
export type ResumeProblem = (typeof RESUME_PROBLEMS)[number];

export const resumeChannels = {
  /** The state saved by the last run, with its diagnosis reopened; or why it was set aside. */
  'resume.load': {
    input: z.object({}),
    output: z.object({
      state: wizardStateSchema.optional(),
      savedAt: z.string().optional(),
      problem: z.enum(RESUME_PROBLEMS).optional(),
    }),
  },
  /** Saves the wizard's state in the app's data directory (and a bundle of its diagnosis, once per diagnosis). */
  'resume.save': {
    input: z.object({ state: wizardStateSchema }),
    output: z.object({ saved: z.boolean() }),
  },
} as const;
