import { referenceUrl } from '../findings/code-spans';

/** Documentation, issues and merge requests behind a finding, as links where they have an address. */
export function References({ refs }: { refs: readonly string[] }) {
  return (
    <ul className="references">
      {refs.map((ref) => {
        const url = referenceUrl(ref);
        return (
          <li key={ref}>
            {url ? (
              <a href={url} target="_blank" rel="noreferrer noopener">
                {ref}
              </a>
            ) : (
              ref
            )}
          </li>
        );
      })}
    </ul>
  );
}
