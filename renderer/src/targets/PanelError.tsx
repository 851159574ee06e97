import type { IpcError } from '../../../shared/ipc/envelope';

/** A panel's failed action, announced at once, next to the fields it is about. */
export function PanelError({ error }: { error: IpcError }) {
  return (
    <div role="alert" className="banner banner-error">
      {error.message} <span className="error-code">({error.code})</span>
    </div>
  );
}
