import { createTwoFilesPatch } from 'diff';
import { Redactor } from '../evidence/redact/redactor';
import { redactText } from '../evidence/redact/redact-stream';

/**
 * A unified diff of a file or an object's text, for a plan. Context lines can hold secrets (a
 * token next to the changed key), so the diff is redacted before anyone sees it.
 */
export function planDiff(label: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${label}`, `b/${label}`, before, after, undefined, undefined, { context: 2 });
  return redactText(new Redactor(), patch.split('\n').filter((l) => !l.startsWith('====')).join('\n')).text;
}
