import type { ProgressSource } from '../../../shared/source-ids';
import { textParts } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';

export type SourceState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** Progress of one source (a pod, a host, the GitLab API…), reported as work goes on; its words as a message id where it has one. */
export type ProgressFn = (source: ProgressSource, state: SourceState, message: string | Message, done?: number, total?: number) => void;

/** A progress message as it travels: English, and its id and parameters beside it when it has them. */
export const progressText: (message: string | Message) => { message: string; text?: Message } = textParts;
