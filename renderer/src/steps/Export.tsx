import { copyReport, exportBundle, startOver } from '../actions';
import { FileTable } from '../components/FileTable';
import { RedactionSummary } from '../components/RedactionSummary';
import { StepHeading } from '../components/StepHeading';
import { formatBytes, plural } from '../format';
import { goTo, useStore } from '../store';

const ALWAYS_INCLUDED = ['manifest.json', 'findings.json', 'report.html', 'report.md'];

export function Export() {
  const session = useStore((s) => s.session);
  const exported = useStore((s) => s.exported);
  const copied = useStore((s) => s.copiedReport);
  const busy = useStore((s) => s.busy);
  if (!session) return null;
  const total = session.files.reduce((sum, f) => sum + f.bytes, 0);
  return (
    <section className="step">
      <StepHeading>Export the evidence bundle</StepHeading>
      <p>
        The bundle holds {plural(session.files.length, 'evidence file')} ({formatBytes(total)}) and {ALWAYS_INCLUDED.join(', ')}. Secrets
        were redacted before anything was written.
      </p>
      <h3>Evidence files</h3>
      <FileTable files={session.files} />
      <h3>Redaction</h3>
      <RedactionSummary summary={session.redactionSummary} />
      <div className="actions">
        <button type="button" onClick={() => goTo('findings')}>
          Back
        </button>
        <button type="button" onClick={() => void copyReport()} disabled={busy !== undefined}>
          Copy report to clipboard
        </button>
        <button type="button" className="primary" onClick={() => void exportBundle()} disabled={busy !== undefined}>
          {busy === 'export' ? 'Saving…' : 'Save bundle…'}
        </button>
      </div>
      {exported && (
        <div className="result" role="status">
          {exported.saved && exported.path ? (
            <>
              <p>
                Saved to <code className="saved-path">{exported.path}</code>
                {exported.bytes !== undefined && ` (${formatBytes(exported.bytes)})`}.
              </p>
              {exported.sha256 && (
                <p className="meta">
                  SHA-256 <code>{exported.sha256}</code>
                </p>
              )}
            </>
          ) : (
            <p>The bundle was not saved.</p>
          )}
        </div>
      )}
      {copied !== undefined && (
        <details className="report-text">
          <summary>Report text</summary>
          <pre>{copied}</pre>
        </details>
      )}
      <div className="actions">
        <button type="button" onClick={startOver}>
          Start over
        </button>
      </div>
    </section>
  );
}
