import type { Message } from './messages';

/**
 * What a fix shows and records, shared by the CLI, the app and the audit log. Nothing here
 * may ever hold a secret: tokens appear as their type and last 4 characters.
 */

/** The steps of every fix, in order. */
export const FIX_STEPS = ['plan', 'preflight', 'confirm', 'apply', 'verify', 'rollback'] as const;
export type FixStep = (typeof FIX_STEPS)[number];

/** Where a fix acts: enough to find the object again, never a credential. */
export interface FixTarget {
  /** One line for people: "job 8540930992 in acme/web on https://gitlab.example.com". */
  label: string;
  gitlabUrl?: string;
  projectId?: number;
  jobId?: number;
  runnerId?: number;
  context?: string;
  namespace?: string;
  object?: string;
  host?: string;
  path?: string;
}

export interface FixPlanView {
  /** Stable within one run: `fixId:target`. */
  planId: string;
  fixId: string;
  findingId: string;
  title: string;
  target: FixTarget;
  /** What will change and why, one line each. */
  changes: string[];
  /** The exact calls the fix makes, in order ("POST /api/v4/projects/42/jobs/7/cancel"). */
  calls: string[];
  /** How the calls are made (patch kind, preconditions, when the second one runs): prose, kept out of the calls themselves. */
  callsNote?: string;
  /** A unified diff for files and objects, when the fix edits one. */
  diff?: string;
  notes: string[];
  rollback: { possible: boolean; how: string };
  /** Deletions and token rotation ask the user to type this before anything is written. */
  typedConfirmation?: string;
  /** The objects a plan acts on one by one, which the user may deselect before confirming. */
  items?: FixItem[];
  /**
   * The same texts as message ids with parameters (shared/i18n/fixes.*.json), for readers in
   * another language; the English fields above stay what scripts read. `changes`/`notes`
   * match their fields one to one when given.
   */
  messages?: { title?: Message; changes?: Message[]; notes?: Message[]; rollbackHow?: Message; target?: Message; callsNote?: Message };
  /** Ids of the items the user left out of the plan (`--exclude`, `--only`, unticked in the app). */
  leftOut?: string[];
}

/** One object of a plan the user may leave out (a Secret to delete), with why it is in the plan. */
export interface FixItem {
  id: string;
  label: string;
  reason: string;
  /** `reason` as a message id (catalog `fixes`), where it has one. */
  messages?: { reason?: Message };
}

export interface PreflightCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** `name` and `detail` as message ids, where the check has them. */
  messages?: { name?: Message; detail?: Message };
}

export interface PreflightView {
  ok: boolean;
  checks: PreflightCheck[];
}

export type FixResult = 'applied' | 'refused' | 'failed' | 'nothing-to-do' | 'replanned' | 'rolled-back';

export interface FixOutcome {
  planId: string;
  fixId: string;
  result: FixResult;
  message: string;
  /** Set after apply: whether the targeted re-read showed the problem gone. */
  verified?: boolean;
  /** What was changed and what was not, so a failure midway leaves a clear state. */
  changed: string[];
  notChanged: string[];
  /** What to do next after a failure or a refusal. */
  nextStep?: string;
  /** The plan made again after a conflict (409), for the user to confirm anew. */
  replanned?: FixPlanView;
  /** `message`, `nextStep`, `changed` and `notChanged` as message ids, where they have them. */
  messages?: { message?: Message; nextStep?: Message; changed?: Message[]; notChanged?: Message[] };
}

export interface FixProgress {
  planId: string;
  step: FixStep;
  state: 'running' | 'ok' | 'failed' | 'skipped';
  message: string;
  /** `message` as a message id, where it has one. */
  text?: Message;
}

/** One line of audit.jsonl (CONTRACTS.md §4). */
export interface AuditRecord {
  time: string;
  fixId: string;
  findingId: string;
  target: FixTarget;
  step: FixStep;
  result: 'ok' | 'failed' | 'refused' | 'skipped';
  detail?: string;
  /** On the plan step of a plan the user narrowed: the item ids it keeps and those left out. */
  selection?: { kept: string[]; leftOut: string[] };
}

/** What a fix that creates a runner creates; unset fields are copied from the runner it replaces, where GitLab shows it. */
export interface NewRunnerChoices {
  runnerType?: 'instance_type' | 'group_type' | 'project_type';
  groupId?: number;
  projectId?: number;
  tags?: string[];
  description?: string;
  runUntagged?: boolean;
}

/** Choices a user makes for a fix beyond its target (CLI flags, a form in the app). */
export interface FixChoices {
  newRunner?: NewRunnerChoices;
}
