import { textParts } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';
import type { SecretStore } from './handler-types';

/**
 * Secrets kept in this process's memory only, gone when it exits. Never written to a file:
 * a plain-text token on disk is worse than asking for it again.
 */
export function memorySecretStore(warning: string | Message): SecretStore & { has(name: string): boolean } {
  const secrets = new Map<string, string>();
  const { message, text } = textParts(warning);
  return {
    async save(name, secret) {
      secrets.set(name, secret);
      return { persisted: false, warning: message, ...(text ? { warningText: text } : {}) };
    },
    async load(name) {
      return secrets.get(name);
    },
    has: (name) => secrets.has(name),
  };
}

export const BROWSER_SECRETS_WARNING = msg('secrets.browserMemory');
