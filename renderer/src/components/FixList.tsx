import type { FixRef } from '../../../shared/findings';

/** What can be done, with the steps to do it by hand; fixes Runner Doctor applies are marked. */
export function FixList({ fixes }: { fixes: readonly FixRef[] }) {
  if (fixes.length === 0) return null;
  return (
    <ul className="fixes">
      {fixes.map((fix) => (
        <li key={fix.id}>
          <strong>{fix.title}</strong>{' '}
          <span className="fix-kind">
            {fix.manual ? `By hand: ${fix.manual}` : 'By hand.'}
            {fix.automated ? ' (runner-doctor fix can apply this one for you, after a plan and your yes.)' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
