import { useTranslation } from 'react-i18next';
import { editKubeconfig, loadContexts } from '../target-actions';
import { useTargets } from '../targets-store';
import { KubeContextCard } from './KubeContextCard';
import { PanelError } from './PanelError';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/** A kubeconfig, its contexts, and the namespaces chosen in each. */
export function KubePanel() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const kube = useTargets((s) => s.kube);
  const busy = useTargets((s) => s.busy);
  const error = useTargets((s) => s.errors.kube);
  const list = kube.contexts;
  return (
    <section className="panel" aria-labelledby="kube-title">
      <h3 id="kube-title">Kubernetes</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void loadContexts();
        }}
      >
        <div className="field">
          <label htmlFor="kubeconfig">{t('targets.kubePanel.kubeconfig')}</label>
          <input
            id="kubeconfig"
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="kubeconfig-note"
            value={kube.kubeconfig}
            onChange={(e) => editKubeconfig(e.target.value)}
          />
          <p id="kubeconfig-note" className="field-note">
            {t('targets.kubePanel.note')}
          </p>
        </div>
        <button type="submit" disabled={!kube.kubeconfig.trim() || busy === 'kube-contexts'}>
          {busy === 'kube-contexts' ? t('targets.kubePanel.loading') : t('targets.kubePanel.load')}
        </button>
      </form>
      {error && <PanelError error={error} />}
      {list && list.warnings.length > 0 && (
        <ul className="warnings" aria-label={t('targets.kubePanel.warnings')}>
          {list.warnings.map((w, i) => (
            <li key={w}>{textIn(w, list.warningTexts[i], lang)}</li>
          ))}
        </ul>
      )}
      {list && list.contexts.length > 0 && <ReachSummary names={list.contexts.map((c) => c.name)} />}
      {list &&
        (list.contexts.length === 0 ? (
          <p>{t('targets.kubePanel.none', { files: list.files.join(', ') })}</p>
        ) : (
          <ul className="context-list" aria-label={t('targets.kubePanel.contexts')}>
            {list.contexts.map((c, i) => (
              <li key={c.name}>
                <KubeContextCard context={c} index={i} current={c.name === list.current} />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** "2 of 7 contexts reachable", read out once the checks are done. */
function ReachSummary({ names }: { names: string[] }) {
  const { t } = useTranslation();
  const reach = useTargets((s) => s.kube.reach);
  const states = names.map((n) => reach[n]?.state);
  const checking = states.filter((s) => s === 'checking').length;
  const known = states.filter((s) => s !== undefined && s !== 'checking').length;
  const reachable = states.filter((s) => s === 'reachable').length;
  return (
    <p className="meta reach-summary" aria-live="polite">
      {checking > 0
        ? t('targets.reach.summaryChecking', { count: checking })
        : known > 0
          ? t('targets.reach.summary', { reachable, count: names.length })
          : ''}
    </p>
  );
}
