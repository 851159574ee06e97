import { useTranslation } from 'react-i18next';
import { goTo, STEPS, useStore, type Step } from '../store';


/** Where the user is in the wizard; earlier steps that still make sense can be revisited. */
export function StepNav({ inert }: { inert?: boolean }) {
  const step = useStore((s) => s.step);
  const hasTargets = useStore((s) => (s.mode === 'demo' && s.demoLab !== undefined) || s.mode === 'real');
  const hasSession = useStore((s) => s.session !== undefined);
  const collecting = useStore((s) => s.busy === 'collect');
  // A diagnosis from an opened bundle: step 3 says so and offers to collect anew.
  const collected = useStore((s) => s.operationId !== undefined || s.session?.origin === 'bundle');
  const fixing = useStore((s) => s.fix !== undefined);
  const { t } = useTranslation();
  const reachable: Record<Step, boolean> = {
    welcome: !collecting,
    targets: hasTargets && !collecting,
    collect: collected,
    findings: hasSession && !collecting,
    fix: fixing && hasSession && !collecting,
    export: hasSession && !collecting,
  };
  return (
    <nav aria-label={t('steps.label')} className="step-nav" inert={inert}>
      <ol>
        {STEPS.map((s, i) => {
          const current = s === step;
          const label = `${i + 1}. ${t(`steps.${s}`)}`;
          return (
            <li key={s} className={current ? 'step current' : 'step'}>
              {reachable[s] && !current ? (
                <button type="button" className="link-button" onClick={() => goTo(s)}>
                  {label}
                </button>
              ) : (
                <span aria-current={current ? 'step' : undefined}>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
