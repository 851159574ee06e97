import { Trans } from 'react-i18next';

/** The id of a context card's "Another namespace" field, for the label and for moving focus to it. */
export function namespaceFieldId(cardId: string): string {
  return `${cardId}-add`;
}

/**
 * The user may not list namespaces in a context (403 from the API server): only the context's own
 * namespace is offered, and another must be typed. The server's refusal is quoted as it came.
 */
export function NamespacesRefused({ namespace, refusal }: { namespace: string; refusal: string }) {
  return (
    <div className="field-note" data-namespaces-refused>
      <p>
        <Trans i18nKey="targets.context.namespacesRefused" values={{ namespace }} components={{ code: <code /> }} />
      </p>
      {refusal && (
        <p>
          <Trans i18nKey="targets.context.serverSaid" values={{ refusal }} components={{ code: <code /> }} />
        </p>
      )}
    </div>
  );
}
