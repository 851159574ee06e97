import { useState } from 'react';
import type { KubeContext } from '../../../shared/ipc/targets';
import { addNamespace, checkAccess, loadNamespaces, toggleNamespace } from '../target-actions';
import { pairKey, useTargets } from '../targets-store';
import { AccessCheck } from './AccessCheck';

/** One context: where it points, the credential command it runs if any, its namespaces to choose from. */
export function KubeContextCard({ context, index, current }: { context: KubeContext; index: number; current: boolean }) {
  const name = context.name;
  const choice = useTargets((s) => s.kube.namespaces[name]);
  const selected = useTargets((s) => s.kube.selected);
  const checks = useTargets((s) => s.kube.checks);
  const busy = useTargets((s) => s.busy);
  const [typed, setTyped] = useState('');
  const id = `ctx-${index}`;
  const chosenHere = (choice?.namespaces ?? []).filter((ns) => selected.includes(pairKey(name, ns)));
  return (
    <article className="context-card" aria-labelledby={`${id}-title`} data-context={name}>
      <h4 id={`${id}-title`}>
        {name} {current && <span className="meta">(current context)</span>}
      </h4>
      <p className="meta">
        cluster {context.cluster}
        {context.server ? ` at ${context.server}` : ''} · user {context.user || '(none)'}
        {context.namespace ? ` · namespace ${context.namespace}` : ''}
      </p>
      {context.exec && (
        <div className="exec-note">
          <p>Gets its credentials by running this command on your computer:</p>
          <pre>
            <code>{context.exec.commandLine}</code>
          </pre>
          <p className="field-note">
            {context.exec.approved
              ? 'You approved this command before.'
              : 'Runner Doctor shows this command again and asks before it runs it for the first time.'}
          </p>
        </div>
      )}
      <button type="button" onClick={() => void loadNamespaces(name)} disabled={busy === `kube-ns:${name}`}>
        {busy === `kube-ns:${name}` ? 'Listing…' : choice ? 'List namespaces again' : 'List namespaces'}
      </button>
      {choice && choice.namespaces.length > 0 && (
        <fieldset className="namespace-list">
          <legend>Namespaces to collect from in {name}</legend>
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
      {choice?.note && <p className="field-note">{choice.note}</p>}
      {choice && (
        <div className="inline-field">
          <label htmlFor={`${id}-add`}>Another namespace</label>
          <input
            id={`${id}-add`}
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
            Add
          </button>
        </div>
      )}
      {chosenHere.length > 0 && (
        <button type="button" onClick={() => void checkAccess(name)} disabled={busy === `kube-check:${name}`}>
          {busy === `kube-check:${name}` ? 'Checking…' : 'Check access'}
        </button>
      )}
      {chosenHere.map((ns) => {
        const check = checks[pairKey(name, ns)];
        return check ? <AccessCheck key={ns} check={check} namespace={ns} /> : null;
      })}
    </article>
  );
}
