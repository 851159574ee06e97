import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DemoLabInfo } from '../../../shared/ipc/channels';
import { startCollect, toggleTarget } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { CollectionTouches } from './CollectionTouches';
import { goTo, useStore, type TargetKey } from '../store';

interface TargetRow {
  key: TargetKey;
  label: string;
  detail: string | undefined;
}

/** The demo lab's targets, each one a checkbox; at least one must stay ticked. */
export function DemoTargets() {
  const { t } = useTranslation();
  const lab = useStore((s) => s.demoLab);
  const chosen = useStore((s) => s.chosen);
  if (!lab) return null;
  const rows: TargetRow[] = [
    {
      key: 'kube',
      label: t('targets.kube'),
      detail: lab.kubeContext && t('targets.kubeDetail', { context: lab.kubeContext, namespace: lab.namespace ?? 'default' }),
    },
    { key: 'ssh', label: t('targets.sshHost'), detail: lab.sshAlias && t('targets.sshDetail', { alias: lab.sshAlias }) },
    { key: 'gitlab', label: t('targets.gitlabApi'), detail: lab.gitlabUrl },
  ];
  const available = rows.filter((r) => r.detail);
  const anyChosen = available.some((r) => chosen[r.key]);
  return (
    <section className="step">
      <StepHeading>{t('targets.title')}</StepHeading>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (anyChosen) void startCollect();
        }}
      >
        <fieldset>
          <legend>{t('targets.demoLegend')}</legend>
          {available.map((row) => (
            <div className="target" key={row.key}>
              <input
                type="checkbox"
                id={`target-${row.key}`}
                checked={chosen[row.key]}
                onChange={(e) => toggleTarget(row.key, e.target.checked)}
              />
              <label htmlFor={`target-${row.key}`}>
                <strong>{row.label}</strong> <span className="target-detail">{row.detail}</span>
              </label>
            </div>
          ))}
        </fieldset>
        {lab.scenarios.length > 0 && <p className="meta">{t('targets.incidents', { list: lab.scenarios.map((s) => `${s.seed}: ${scenarioTitle(s)}`).join(', ') })}</p>}
        {!anyChosen && <p className="meta">{t('targets.chooseOne')}</p>}
        <div className="actions">
          <button type="button" onClick={() => goTo('welcome')}>
            {t('common.back')}
          </button>
          <button type="submit" className="primary" disabled={!anyChosen}>
            {t('targets.next')}
          </button>
        </div>
      </form>
      <CollectionTouches />
    </section>
  );
}

/** A scenario's title in the window's language; one the catalog does not know yet stays as the lab wrote it. */
export function scenarioTitle(s: DemoLabInfo['scenarios'][number]): string {
  const key = `targets.scenarios.${s.id}`;
  return i18next.exists(key) ? i18next.t(key) : s.title;
}
