import { groupProgress, isSettled, type SourceProgress } from '../../shared/progress-groups';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 of 3 pods done, 1 failed", or the target's own message when it has no parts. */
function details(group: ReturnType<typeof groupProgress>[number]): string {
  if (group.parts.length === 0) return group.own?.message ?? '';
  const { done, total, failed, running } = group.counts;
  const extra = [failed && `${failed} failed`, running && `${running} collecting`].filter(Boolean);
  return [`${done} of ${plural(total, group.target.kind === 'kube' ? 'pod' : 'item')} done`, ...extra].join(', ');
}

/**
 * The collection as a table, one line per target and a total, for a terminal to redraw in
 * place. `clean` makes every text from a collector safe to print (redacted, no terminal
 * controls); `width` cuts lines so none wraps (a wrapped line would break the redraw).
 */
export function renderProgressTable(rows: readonly SourceProgress[], clean: (text: string) => string, width: number): string[] {
  const groups = groupProgress(rows);
  const labels = groups.map((g) => clean(g.label));
  const labelWidth = Math.min(Math.max(0, ...labels.map((l) => l.length)), Math.floor(width / 2));
  const lines = groups.map((g, i) => `  ${labels[i]!.slice(0, labelWidth).padEnd(labelWidth)}  ${g.state.padEnd(9)} ${clean(details(g))}`);
  const settled = groups.filter((g) => isSettled(g.state)).length;
  lines.push(`${settled} of ${plural(groups.length, 'source')} done`);
  return lines.map((l) => (l.length > width - 1 ? `${l.slice(0, Math.max(0, width - 2))}…` : l));
}

/** Redraws the table in place on a terminal: back up over the last drawing, clear it, draw anew. */
export function liveTable(stream: NodeJS.WriteStream, clean: (text: string) => string) {
  const rows = new Map<string, SourceProgress>();
  let drawn = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    timer = undefined;
    const lines = renderProgressTable([...rows.values()], clean, stream.columns || 100);
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
