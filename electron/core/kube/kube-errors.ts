import { ApiException } from '@kubernetes/client-node';

/** One-line message for a Kubernetes API failure, using the Status body's message when there is one. */
export function kubeErrorMessage(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = typeof err.body === 'string' ? safeJson(err.body) : err.body;
    const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : '';
    return `HTTP ${err.code}${message ? `: ${message}` : ''}`;
  }
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return `connection refused (${cause.message ?? ''})`.trim();
    if (cause?.code === 'ENOTFOUND') return `host not found (${cause.message ?? ''})`.trim();
    if (err.name === 'TimeoutError') return 'timed out';
    return cause?.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
