import { cancelCollect, startCollect } from '../actions';
import { ProgressTable } from '../components/ProgressTable';
import { StepHeading } from '../components/StepHeading';
import { goTo, useStore, type SourceProgress } from '../store';

const EMPTY: Record<string, SourceProgress> = {};

/** Live progress of collect.start; the last update is also read out through a polite live region. */
export function Collect() {
  const operationId = useStore((s) => s.operationId);
  const progress = useStore((s) => (s.operationId ? s.progress[s.operationId] : undefined) ?? EMPTY);
  const finished = useStore((s) => (s.operationId ? s.finished[s.operationId] : undefined));
  const collecting = useStore((s) => s.busy === 'collect');
  const rows = Object.values(progress).sort((a, b) => a.source.localeCompare(b.source));
  const settled = rows.filter((r) => r.state !== 'pending' && r.state !== 'running').length;
  const latest = finished
    ? `Collection ${finished.status === 'ok' ? 'finished' : finished.status}.`
    : `${settled} of ${rows.length} sources done.`;
  return (
    <section className="step">
      <StepHeading>Collecting evidence</StepHeading>
      <p className="meta">Read-only: nothing on the targets is changed. Secrets are redacted as files arrive.</p>
      <ProgressTable rows={rows} />
      <p aria-live="polite" className="live-summary">
        {rows.length > 0 || finished ? latest : ''}
      </p>
      <div className="actions">
        {collecting ? (
          <button type="button" onClick={() => void cancelCollect()} disabled={!operationId}>
            Cancel
          </button>
        ) : (
          <>
            <button type="button" onClick={() => goTo('targets')}>
              Back to targets
            </button>
            <button type="button" className="primary" onClick={() => void startCollect()}>
              Collect again
            </button>
          </>
        )}
      </div>
    </section>
  );
}
