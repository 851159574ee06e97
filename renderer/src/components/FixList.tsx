import type { FixRef } from '../../../shared/findings';

/** What can be done: automated fixes (previewed and confirmed before anything changes) and manual advice. */
export function FixList({ findingId, fixes }: { findingId: string; fixes: readonly FixRef[] }) {
  if (fixes.length === 0) return null;
  return (
    <ul className="fixes">
      {fixes.map((fix) => (
        <li key={fix.id}>
          <strong>{fix.title}</strong>{' '}
          {fix.automated ? (
            <span className="fix-kind">
              Automated: preview it with <code>runner-doctor fix {findingId} --plan</code>; nothing changes without your yes.
            </span>
          ) : (
            <span className="fix-kind">Manual{fix.manual ? `: ${fix.manual}` : '.'}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
