import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KubeContext } from '../../../shared/ipc/targets';
import { addNamespace, checkAccess, loadNamespaces, toggleNamespace } from '../target-actions';
import { pairKey, useTargets } from '../targets-store';
import { AccessCheck } from './AccessCheck';
import { namespaceFieldId, NamespacesRefused } from './NamespacesRefused';
import { ContextReach } from './ContextReach';
import { RunnerNamespaces } from './RunnerNamespaces';

/** One context: where it points, the credential command it runs if any, its namespaces to choose from. */
export function KubeContextCard({ context, index, current }: { context: KubeContext; index: number; current: boolean }) {
  const { t } = useTranslation();
  const name = context.name;
  const choice = useTargets((s) => s.kube.namespaces[name]);
  const selected = useTargets((s) => s.kube.selected);
  const checks = useTargets((s) => s.kube.checks);
  const busy = useTargets((s) => s.busy);
  const all = useTargets((s) => s.kube.allNamespaces.includes(name));
  const [typed, setTyped] = useState('');
  const id = `ctx-${index}`;
  // Searched as a whole, the context's ticked namespaces are set aside (and not checked one by one).
  const chosenHere = all ? [] : (choice?.namespaces ?? []).filter((ns) => selected.includes(pairKey(name, ns)));
  return (
    <article className="context-card" aria-labelledby={`${id}-title`} data-context={name}>
      <h4 id={`${id}-title`}>
        {name} {current && <span className="meta">{t('targets.context.current')}</span>}
      </h4>
      <p className="meta">
        {[
          t('targets.context.where', { cluster: context.cluster }) + (context.server ? ` ${t('targets.context.at', { server: context.server })}` : ''),
          t('targets.context.user', { user: context.user || t('targets.context.noUser') }),
          context.namespace && t('targets.context.namespace', { namespace: context.namespace }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {context.exec && (
        <div className="exec-note">
          <p>{t('targets.context.execNote')}</p>
          <pre>
            <code>{context.exec.commandLine}</code>
          </pre>
          <p className="field-note">
            {context.exec.approved
              ? t('targets.context.approved')
              : t('targets.context.willAsk')}
          </p>
        </div>
      )}
      <ContextReach context={name} id={id} />
      <RunnerNamespaces context={name} id={id} />
      <button type="button" onClick={() => void loadNamespaces(name)} disabled={busy === `kube-ns:${name}`}>
        {busy === `kube-ns:${name}` ? t('targets.context.listing') : choice ? t('targets.context.listAgain') : t('targets.context.list')}
      </button>
      {choice && choice.namespaces.length > 0 && (
        <fieldset className="namespace-list" disabled={all}>
          <legend>{t('targets.context.namespaces', { context: name })}</legend>
          {choice.namespaces.map((ns, j) => (
            <div className="target" key={ns}>
              <input
                type="checkbox"
                id={`${id}-ns-${j}`}
                checked={selected.includes(pairKey(name, ns))}
                onChange={(e) => toggleNamespace(name, ns, e.target.checked)}
              />
              <label htmlFor={`${id}-ns-${j}`}>{ns}</label>
            </div>
          ))}
        </fieldset>
      )}
      {choice?.refused !== undefined && <NamespacesRefused namespace={choice.namespaces[0] ?? ''} refusal={choice.refused} />}
      {choice?.note && <p className="field-note">{choice.note}</p>}
      {choice && !all && (
        <div className="inline-field">
          <label htmlFor={namespaceFieldId(id)}>{t('targets.context.another')}</label>
          <input
            id={namespaceFieldId(id)}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button
            type="button"
            disabled={!typed.trim()}
            onClick={() => {
              addNamespace(name, typed);
              setTyped('');
            }}
          >
            {t('targets.context.add')}
          </button>
        </div>
      )}
      {chosenHere.length > 0 && (
        <button type="button" onClick={() => void checkAccess(name)} disabled={busy === `kube-check:${name}`}>
          {busy === `kube-check:${name}` ? t('targets.context.checking') : t('targets.context.check')}
        </button>
      )}
      {chosenHere.map((ns) => {
        const check = checks[pairKey(name, ns)];
        return check ? <AccessCheck key={ns} check={check} namespace={ns} /> : null;
      })}
    </article>
  );
}
