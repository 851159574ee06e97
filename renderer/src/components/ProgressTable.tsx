import { groupProgress, type ProgressGroup } from '../progress-groups';
import type { SourceProgress } from '../store';

const STATE_LABEL: Record<SourceProgress['state'], string> = {
  pending: 'Waiting',
  running: 'Collecting',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "3 of 5 pods done, 1 failed"; nothing for a target without parts (its one row says it all). */
function countsText({ key, counts, rows }: ProgressGroup): string {
  if (rows.length <= 1) return '';
  const extra = [
    counts.failed && `${counts.failed} failed`,
    counts.running && `${counts.running} collecting`,
    counts.cancelled && `${counts.cancelled} cancelled`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${counts.done} of ${counts.total} ${key.startsWith('kube:') ? 'pods' : 'parts'} done${extra ? `, ${extra}` : ''}`;
}

/** One row group per target (a namespace, a host, a GitLab instance), with its pods under it. */
export function ProgressTable({ rows }: { rows: readonly SourceProgress[] }) {
  if (rows.length === 0) return <p className="meta">Connecting to the sources…</p>;
  return (
    <table className="data-table progress-table">
      <caption className="visually-hidden">Collection progress by target and source</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">State</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      {groupProgress(rows).map((group) => (
        <tbody key={group.key} data-group={group.key}>
          <tr className="group-row">
            <th scope="rowgroup" colSpan={3}>
              {group.label} {countsText(group) && <span className="group-counts">{countsText(group)}</span>}
            </th>
          </tr>
          {group.rows.map((row) => (
            <tr key={row.source} data-source={row.source} className={row.source === group.key ? 'target-row' : 'part-row'}>
              <th scope="row">{row.source === group.key ? row.source : row.source.slice(group.key.length + 1)}</th>
              <td>
                <span className={`state state-${row.state}`}>{STATE_LABEL[row.state]}</span>
              </td>
              <td>
                {row.message}
                {row.total !== undefined && row.done !== undefined && (
                  <progress max={row.total} value={row.done} aria-label={`${row.source} progress`} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}
