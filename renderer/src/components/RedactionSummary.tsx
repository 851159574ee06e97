import type { RedactionSummary as Summary } from '../../../shared/evidence';
import { plural } from '../format';

/** How many secrets of each kind were replaced before anything was written. */
export function RedactionSummary({ summary }: { summary: Summary }) {
  const entries = Object.entries(summary).filter(([, n]) => n > 0);
  if (entries.length === 0) return <p>No secrets were found, so nothing was redacted.</p>;
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return (
    <>
      <p>{plural(total, 'secret')} replaced before anything was written:</p>
      <ul className="redactions">
        {entries.map(([rule, n]) => (
          <li key={rule}>
            <code>{rule}</code>: {n}
          </li>
        ))}
      </ul>
    </>
  );
}
