import { openBundle, startDemo, startReal } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { useStore } from '../store';

export function Welcome() {
  const busy = useStore((s) => s.busy);
  return (
    <section className="step">
      <StepHeading>Diagnose a GitLab Runner fleet</StepHeading>
      <p>
        Runner Doctor collects evidence from Kubernetes, SSH hosts and the GitLab API, explains what is wrong with the log lines that prove
        it, and packs a redacted bundle for a support ticket. Collecting never changes anything.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void startDemo()} disabled={busy !== undefined}>
          {busy === 'demo' ? 'Starting the demo lab…' : 'Try the demo lab'}
        </button>
        <button type="button" onClick={startReal} disabled={busy !== undefined}>
          Diagnose my runners
        </button>
        <button type="button" onClick={() => void openBundle()} disabled={busy !== undefined}>
          {busy === 'open' ? 'Opening…' : 'Open a bundle…'}
        </button>
      </div>
      <p className="meta">
        The demo lab runs a simulated GitLab, Kubernetes cluster and runner host on this machine, with the incidents Runner Doctor knows
        about. &ldquo;Diagnose my runners&rdquo; connects to your own GitLab instance, clusters and hosts, read-only.
      </p>
    </section>
  );
}
