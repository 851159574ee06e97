import { useTranslation } from 'react-i18next';
import { setTargets, useTargets } from '../targets-store';

/** Logs and configs the user already has on this computer. */
export function FilesPanel() {
  const { t } = useTranslation();
  const files = useTargets((s) => s.files);
  return (
    <section className="panel" aria-labelledby="files-title">
      <h3 id="files-title">{t('targets.files.title')}</h3>
      <div className="field">
        <label htmlFor="file-paths">{t('targets.files.label')}</label>
        <textarea id="file-paths" rows={3} spellCheck={false} value={files} onChange={(e) => setTargets({ files: e.target.value })} />
      </div>
    </section>
  );
}
