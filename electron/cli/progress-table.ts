import type { TFunction } from 'i18next';
import { textFor } from '../../shared/i18n/text';
import { groupProgress, isSettled, type SourceProgress } from '../../shared/progress-groups';
import { targetLabel } from '../../shared/source-ids';

type Group = ReturnType<typeof groupProgress>[number];
const STATES: readonly SourceProgress['state'][] = ['pending', 'running', 'done', 'failed', 'cancelled'];

/** "2 of 3 pods done, 1 failed", or the target's own message when it has no parts. */
function details(group: Group, t: TFunction): string {
  if (group.parts.length === 0) return group.own?.message ?? '';
  const { done, total, failed, running } = group.counts;
  const extra = [failed && t('progress.failed', { count: failed }), running && t('progress.collecting', { count: running })].filter(Boolean);
  return [t(group.target.kind === 'kube' ? 'progress.podsDone' : 'progress.itemsDone', { done, count: total }), ...extra].join(', ');
}

/** The target as the table names it: kinds are product names, but "Files" is a word. */
const label = (g: Group, t: TFunction) => (g.target.kind === 'files' ? t('progress.files', { path: g.target.path }) : targetLabel(g.target));

/**
 * The collection as a table, one line per target and a total, for a terminal to redraw in
 * place. `clean` makes every text from a collector safe to print (redacted, no terminal
 * controls); `width` cuts lines so none wraps (a wrapped line would break the redraw).
 */
export function renderProgressTable(rows: readonly SourceProgress[], clean: (text: string) => string, width: number, t: TFunction = textFor('en', 'cli')): string[] {
  const groups = groupProgress(rows);
  const labels = groups.map((g) => clean(label(g, t)));
  const labelWidth = Math.min(Math.max(0, ...labels.map((l) => l.length)), Math.floor(width / 2));
  const stateWidth = Math.max(...STATES.map((s) => t(`progress.state.${s}`).length));
  const lines = groups.map((g, i) => `  ${labels[i]!.slice(0, labelWidth).padEnd(labelWidth)}  ${t(`progress.state.${g.state}`).padEnd(stateWidth)} ${clean(details(g, t))}`);
  const settled = groups.filter((g) => isSettled(g.state)).length;
  lines.push(t('progress.sourcesDone', { done: settled, count: groups.length }));
  return lines.map((l) => (l.length > width - 1 ? `${l.slice(0, Math.max(0, width - 2))}…` : l));
}

/** Redraws the table in place on a terminal: back up over the last drawing, clear it, draw anew. */
export function liveTable(stream: NodeJS.WriteStream, clean: (text: string) => string, t?: TFunction) {
  const rows = new Map<string, SourceProgress>();
  let drawn = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    timer = undefined;
    const lines = renderProgressTable([...rows.values()], clean, stream.columns || 100, t);
    stream.write(`${drawn ? `\u001b[${drawn}F\u001b[J` : ''}${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  return {
    update(row: SourceProgress): void {
      rows.set(row.source, row);
      // At most ten redraws a second, however many pods report.
      timer ??= setTimeout(draw, 100);
    },
    /** The final state, drawn once more before anything else is printed. */
    finish(): void {
      if (timer) clearTimeout(timer);
      if (rows.size) draw();
    },
  };
}
