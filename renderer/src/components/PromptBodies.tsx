import { Trans, useTranslation } from 'react-i18next';
import type { PromptRequest } from '../../../shared/ipc/prompts';

type Of<K extends PromptRequest['kind']> = Extract<PromptRequest, { kind: K }>;

const MARKUP = { strong: <strong />, code: <code /> };

export function ExecPromptBody({ prompt }: { prompt: Of<'kube-exec'> }) {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="prompt-title">{t('prompt.exec.title')}</h2>
      <div id="prompt-body">
        <p>
          <Trans i18nKey="prompt.exec.body" values={{ context: prompt.context, user: prompt.user, kubeconfig: prompt.kubeconfig }} components={MARKUP} />
        </p>
        <pre className="command">
          <code>{prompt.commandLine}</code>
        </pre>
        <p>{t('prompt.exec.hint')}</p>
      </div>
    </>
  );
}

export function HostKeyPromptBody({ prompt }: { prompt: Of<'ssh-host-key'> }) {
  const { t } = useTranslation();
  const host = prompt.port === 22 ? prompt.host : `[${prompt.host}]:${prompt.port}`;
  return (
    <>
      <h2 id="prompt-title">{t('prompt.hostKey.title')}</h2>
      <div id="prompt-body">
        <p>
          <Trans i18nKey="prompt.hostKey.body" values={{ host }} components={MARKUP} />
        </p>
        <dl className="facts">
          <dt>{t('prompt.hostKey.host')}</dt>
          <dd>{t('prompt.hostKey.hostPort', { host: prompt.host, port: prompt.port })}</dd>
          <dt>{t('prompt.hostKey.keyType')}</dt>
          <dd>{prompt.keyType}</dd>
          <dt>{t('prompt.hostKey.fingerprint')}</dt>
          <dd>
            <code className="fingerprint">{prompt.fingerprint}</code>
          </dd>
        </dl>
        <p>{t('prompt.hostKey.kept')}</p>
      </div>
    </>
  );
}
