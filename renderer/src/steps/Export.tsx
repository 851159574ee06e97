import { Trans, useTranslation } from 'react-i18next';
import { copyReport, exportBundle, startOver } from '../actions';
import { FileTable } from '../components/FileTable';
import { RedactionSummary } from '../components/RedactionSummary';
import { StepHeading } from '../components/StepHeading';
import { formatBytes } from '../format';
import { downloadName } from '../transfer-actions';
import { goTo, useStore } from '../store';

const ALWAYS_INCLUDED = ['manifest.json', 'findings.json', 'report.html', 'report.md'];

export function Export() {
  const { t } = useTranslation();
  const session = useStore((s) => s.session);
  const exported = useStore((s) => s.exported);
  const copied = useStore((s) => s.copiedReport);
  const busy = useStore((s) => s.busy);
  if (!session) return null;
  const total = session.files.reduce((sum, f) => sum + f.bytes, 0);
  return (
    <section className="step">
      <StepHeading>{t('export.title')}</StepHeading>
      <p>{t('export.holds', { count: session.files.length, size: formatBytes(total), always: ALWAYS_INCLUDED.join(', ') })}</p>
      <h3>{t('export.redaction')}</h3>
      <RedactionSummary summary={session.redactionSummary} />
      <div className="actions">
        <button type="button" onClick={() => goTo('findings')}>
          {t('common.back')}
        </button>
        <button type="button" onClick={() => void copyReport()} disabled={busy !== undefined}>
          {t('export.copyReport')}
        </button>
        <button type="button" className="primary" onClick={() => void exportBundle()} disabled={busy !== undefined}>
          {busy === 'export' ? t('export.saving') : t('export.save')}
        </button>
      </div>
      {exported && (
        <div className="result" role="status">
          {exported.saved && exported.path ? (
            <>
              <p>
                <Trans
                  i18nKey={exported.download ? 'export.downloaded' : 'export.savedTo'}
                  values={{ path: exported.download ? downloadName(exported.path) : exported.path }}
                  components={{ code: <code className="saved-path" /> }}
                />
                {exported.bytes !== undefined && ` (${formatBytes(exported.bytes)})`}.
              </p>
              {exported.sha256 && (
                <p className="meta">
                  SHA-256 <code>{exported.sha256}</code>
                </p>
              )}
            </>
          ) : (
            <p>{t('export.notSaved')}</p>
          )}
        </div>
      )}
      {copied !== undefined && (
        <details className="report-text">
          <summary>{t('export.reportText')}</summary>
          <pre>{copied}</pre>
        </details>
      )}
      {/* The save comes first; the file list (often a hundred rows) is there to check, on demand. */}
      <details className="export-files">
        <summary>{t('export.files')}</summary>
        <FileTable files={session.files} />
      </details>
      <div className="actions">
        <button type="button" onClick={startOver}>
          {t('common.startOver')}
        </button>
      </div>
    </section>
  );
}
