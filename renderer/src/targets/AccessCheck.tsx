import type { KubeCheck } from '../../../shared/ipc/targets';

/** Whether the cluster answered, and which RBAC permissions are missing, with the Role that grants them. */
export function AccessCheck({ check, namespace }: { check: KubeCheck; namespace: string }) {
  const denied = check.results.filter((r) => r.allowed === false);
  const unknown = check.results.filter((r) => r.allowed === null);
  return (
    <section className="access-check" aria-label={`Access in namespace ${namespace}`} data-namespace={namespace}>
      <h5>Access in namespace {namespace}</h5>
      {check.error ? (
        <p className="warning-text">{check.error}</p>
      ) : (
        <p>
          Kubernetes {check.version} answered in {check.latencyMs} ms{check.username ? ` (you are ${check.username})` : ''}.
        </p>
      )}
      {!check.error && denied.length === 0 && unknown.length === 0 && (
        <p className="ok-text">Every permission Runner Doctor uses is granted.</p>
      )}
      {denied.length > 0 && (
        <>
          <p>Missing permissions:</p>
          <ul className="missing-verbs">
            {denied.map((r) => (
              <li key={r.id}>
                <code>{r.permission}</code>{' '}
                <span className="meta">— {r.optional ? 'optional, less evidence without it' : `needed by ${r.usedBy.join(', ')}`}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {unknown.length > 0 && <p className="meta">Could not check: {unknown.map((r) => r.permission).join(', ')}.</p>}
      {check.grant && (
        <details open>
          <summary>Role that grants what is missing (for a cluster administrator to apply)</summary>
          <pre className="yaml">
            <code>{check.grant}</code>
          </pre>
        </details>
      )}
    </section>
  );
}
