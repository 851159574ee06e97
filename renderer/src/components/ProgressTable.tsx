import type { SourceProgress } from '../store';

const STATE_LABEL: Record<SourceProgress['state'], string> = {
  pending: 'Waiting',
  running: 'Collecting',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** One row per source of the running collection. */
export function ProgressTable({ rows }: { rows: readonly SourceProgress[] }) {
  if (rows.length === 0) return <p className="meta">Connecting to the sources…</p>;
  return (
    <table className="data-table progress-table">
      <caption className="visually-hidden">Collection progress by source</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">State</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.source} data-source={row.source}>
            <th scope="row">{row.source}</th>
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
    </table>
  );
}
