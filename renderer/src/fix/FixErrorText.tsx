import { textIn } from '../../../shared/i18n/text';
import type { FixStepError } from './fix-store';
import { useLanguage } from './use-language';

/** A failed request of the Fix step in the app's language, where it carries a message id. */
export function FixErrorText({ error }: { error: FixStepError }) {
  const lang = useLanguage();
  return <>{textIn(error.message, error.text, lang)}</>;
}
