import { useTranslation } from 'react-i18next';
import { setState, useStore } from '../store';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/** Connection problems, the last error, and one-line notices; errors are announced at once. */
export function Messages() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const connection = useStore((s) => s.connection);
  const error = useStore((s) => s.error);
  const notice = useStore((s) => s.notice);
  return (
    <div className="messages">
      {connection.state === 'unreachable' && (
        <div role="alert" className="banner banner-error">
          <strong>{t('messages.notConnected')}</strong> {connection.message}
        </div>
      )}
      {error && (
        <div role="alert" className="banner banner-error">
          <strong>{t('messages.wentWrong')}</strong> <span className="error-code">({error.code})</span>:{' '}
          {textIn(error.message, error.text, lang)}{' '}
          <button type="button" className="link-button" onClick={() => setState({ error: undefined })}>
            {t('messages.dismiss')}
          </button>
        </div>
      )}
      <p role="status" className={notice ? 'banner banner-info' : 'visually-hidden'}>
        {notice ?? ''}
      </p>
    </div>
  );
}
