import { useTranslation } from 'react-i18next';
import { loadSshHosts, toggleAlias } from '../target-actions';
import { setTargets, useTargets, type SshForm } from '../targets-store';
import { PanelError } from './PanelError';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

const edit = (patch: Partial<SshForm>) => setTargets((s) => ({ ssh: { ...s.ssh, ...patch } }));

/** Hosts from an ssh config, and hosts typed as user@host:port. */
export function SshPanel() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const ssh = useTargets((s) => s.ssh);
  const busy = useTargets((s) => s.busy);
  const error = useTargets((s) => s.errors.ssh);
  const hosts = ssh.hosts;
  return (
    <section className="panel" aria-labelledby="ssh-title">
      <h3 id="ssh-title">{t('targets.ssh.title')}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void loadSshHosts();
        }}
      >
        <div className="field">
          <label htmlFor="ssh-config">{t('targets.ssh.config')}</label>
          <input
            id="ssh-config"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={ssh.sshConfig}
            onChange={(e) => edit({ sshConfig: e.target.value, hosts: undefined, chosen: [] })}
          />
        </div>
        <div className="field">
          <label htmlFor="known-hosts">{t('targets.ssh.knownHosts')}</label>
          <input
            id="known-hosts"
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="known-hosts-note"
            value={ssh.knownHosts}
            onChange={(e) => edit({ knownHosts: e.target.value })}
          />
          <p id="known-hosts-note" className="field-note">
            {t('targets.ssh.knownHostsNote')}
          </p>
        </div>
        <button type="submit" disabled={!ssh.sshConfig.trim() || busy === 'ssh-hosts'}>
          {busy === 'ssh-hosts' ? t('targets.ssh.reading') : t('targets.ssh.load')}
        </button>
      </form>
      {error && <PanelError error={error} />}
      {hosts && !hosts.found && <p>{t('targets.ssh.noConfig', { path: hosts.sshConfig })}</p>}
      {hosts?.found && hosts.hosts.length === 0 && <p>{t('targets.ssh.noHosts', { path: hosts.sshConfig })}</p>}
      {hosts?.found && hosts.hosts.length > 0 && (
        <fieldset className="host-list">
          <legend>{t('targets.ssh.hostsIn', { path: hosts.sshConfig })}</legend>
          {hosts.hosts.map((h, i) => (
            <div className="target" key={h.alias}>
              <input
                type="checkbox"
                id={`ssh-host-${i}`}
                checked={ssh.chosen.includes(h.alias)}
                disabled={h.problem !== undefined}
                onChange={(e) => toggleAlias(h.alias, e.target.checked)}
              />
              <label htmlFor={`ssh-host-${i}`}>
                <strong>{h.alias}</strong> <span className="target-detail">{h.target !== undefined ? textIn(h.target, h.targetText, lang) : h.problem !== undefined ? textIn(h.problem, h.problemText, lang) : undefined}</span>
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="ssh-typed">{t('targets.ssh.other')}</label>
        <input
          id="ssh-typed"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="gitlab-runner@ci-01.example.com:22"
          aria-describedby="ssh-typed-note"
          value={ssh.typed}
          onChange={(e) => edit({ typed: e.target.value })}
        />
        <p id="ssh-typed-note" className="field-note">
          {t('targets.ssh.otherNote')}
        </p>
      </div>
    </section>
  );
}
