import type { SecretStore } from './handler-types';

/**
 * Secrets kept in this process's memory only, gone when it exits. Never written to a file:
 * a plain-text token on disk is worse than asking for it again.
 */
export function memorySecretStore(warning: string): SecretStore & { has(name: string): boolean } {
  const secrets = new Map<string, string>();
  return {
    async save(name, secret) {
      secrets.set(name, secret);
      return { persisted: false, warning };
    },
    async load(name) {
      return secrets.get(name);
    },
    has: (name) => secrets.has(name),
  };
}

export const BROWSER_SECRETS_WARNING =
  'Browser mode keeps the token in memory only, for as long as Runner Doctor runs; type it again next time.';
