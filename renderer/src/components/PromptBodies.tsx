import type { PromptRequest } from '../../../shared/ipc/prompts';

type Of<K extends PromptRequest['kind']> = Extract<PromptRequest, { kind: K }>;

export function ExecPromptBody({ prompt }: { prompt: Of<'kube-exec'> }) {
  return (
    <>
      <h2 id="prompt-title">Run a credential command?</h2>
      <div id="prompt-body">
        <p>
          Kubernetes context <strong>{prompt.context}</strong> (user {prompt.user} in <code>{prompt.kubeconfig}</code>) gets its credentials
          by running this command on your computer:
        </p>
        <pre className="command">
          <code>{prompt.commandLine}</code>
        </pre>
        <p>Run it only if you expect this kubeconfig to do so. A yes is remembered for this kubeconfig and command.</p>
      </div>
    </>
  );
}

export function HostKeyPromptBody({ prompt }: { prompt: Of<'ssh-host-key'> }) {
  return (
    <>
      <h2 id="prompt-title">Trust this SSH host key?</h2>
      <div id="prompt-body">
        <p>
          No known_hosts file knows the key of <code>{prompt.port === 22 ? prompt.host : `[${prompt.host}]:${prompt.port}`}</code>. Compare
          its fingerprint with the one the host&rsquo;s administrator reads out (<code>ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</code> on
          the host).
        </p>
        <dl className="facts">
          <dt>Host</dt>
          <dd>
            {prompt.host}, port {prompt.port}
          </dd>
          <dt>Key type</dt>
          <dd>{prompt.keyType}</dd>
          <dt>Fingerprint</dt>
          <dd>
            <code className="fingerprint">{prompt.fingerprint}</code>
          </dd>
        </dl>
        <p>If you trust it, Runner Doctor keeps the key in its own known_hosts file.</p>
      </div>
    </>
  );
}
