import { loadSshHosts, toggleAlias } from '../target-actions';
import { setTargets, useTargets, type SshForm } from '../targets-store';
import { PanelError } from './PanelError';

const edit = (patch: Partial<SshForm>) => setTargets((s) => ({ ssh: { ...s.ssh, ...patch } }));

/** Hosts from an ssh config, and hosts typed as user@host:port. */
export function SshPanel() {
  const ssh = useTargets((s) => s.ssh);
  const busy = useTargets((s) => s.busy);
  const error = useTargets((s) => s.errors.ssh);
  const hosts = ssh.hosts;
  return (
    <section className="panel" aria-labelledby="ssh-title">
      <h3 id="ssh-title">SSH hosts</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void loadSshHosts();
        }}
      >
        <div className="field">
          <label htmlFor="ssh-config">ssh config file</label>
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
          <label htmlFor="known-hosts">known_hosts file</label>
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
            A host whose key is not in this file is shown with its fingerprint and needs your yes; a changed key is refused. Keys you accept
            are kept in Runner Doctor&rsquo;s own known_hosts, not in this file.
          </p>
        </div>
        <button type="submit" disabled={!ssh.sshConfig.trim() || busy === 'ssh-hosts'}>
          {busy === 'ssh-hosts' ? 'Reading…' : 'Load hosts'}
        </button>
      </form>
      {error && <PanelError error={error} />}
      {hosts && !hosts.found && <p>There is no ssh config at {hosts.sshConfig}; type the hosts below.</p>}
      {hosts?.found && hosts.hosts.length === 0 && <p>{hosts.sshConfig} names no hosts without wildcards; type the hosts below.</p>}
      {hosts?.found && hosts.hosts.length > 0 && (
        <fieldset className="host-list">
          <legend>Hosts in {hosts.sshConfig}</legend>
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
                <strong>{h.alias}</strong> <span className="target-detail">{h.target ?? h.problem}</span>
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="ssh-typed">Other hosts</label>
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
          user@host:port or an alias; separate several with commas or spaces.
        </p>
      </div>
    </section>
  );
}
