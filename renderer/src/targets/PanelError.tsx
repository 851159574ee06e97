import type { IpcError } from '../../../shared/ipc/envelope';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/** A panel's failed action, announced at once, next to the fields it is about. */
export function PanelError({ error }: { error: IpcError }) {
  const lang = useLanguage();
  return (
    <div role="alert" className="banner banner-error">
      {textIn(error.message, error.text, lang)} <span className="error-code">({error.code})</span>
    </div>
  );
}
