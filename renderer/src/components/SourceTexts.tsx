import type { CollectionError } from '../../../shared/evidence';
import type { Language } from '../../../shared/i18n';
import { textIn } from '../../../shared/i18n/text';

/** What collection said per source (its errors, or its notes) in the reader's language; nothing when it said nothing. */
export function SourceTexts({ id, title, hint, items, className, lang }: { id: string; title: string; hint?: string; items: readonly CollectionError[]; className: string; lang: Language }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {hint && <p className="meta">{hint}</p>}
      <ul className={className}>
        {items.map((e, i) => (
          <li key={`${e.source}:${i}`}>
            <strong>{e.source}</strong>: {textIn(e.message, e.text, lang)}
          </li>
        ))}
      </ul>
    </section>
  );
}
