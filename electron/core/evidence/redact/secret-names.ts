import { redactionLabelOf } from '../../../../shared/gitlab-token-kinds';
/**
 * Which key, flag and variable names hold secrets. Names are compared without case or
 * separators (`AWS_SECRET_ACCESS_KEY`, `secretAccessKey` and `secret-access-key` are one name)
 * by how they end, so `token_expires_at` and `secretName` are not secrets but `RUNNER_TOKEN` is.
 */
const SECRET_SUFFIXES = [
  'password', 'passwd', 'passphrase', 'pwd', 'pass', 'secret', 'token', 'apikey', 'accesskey', 'accesskeyid',
  'secretkey', 'privatekey', 'accountkey', 'clientkey', 'sessionkey', 'signingkey', 'encryptionkey',
  'masterkey', 'authkey', 'credential', 'credentials', 'auth', 'sessionid',
];

/** Names that end like a secret but hold something else. */
const NOT_SECRET = new Set(['oldpwd', 'bypassauth', 'noauth', 'skipauth', 'useauth', 'oauth', 'bypass', 'compass', 'firstpass', 'secondpass', 'nopass']);

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isSecretName(name: string): boolean {
  const n = normalizeName(name);
  if (n.length === 0 || NOT_SECRET.has(n)) return false;
  return SECRET_SUFFIXES.some((s) => n.endsWith(s));
}

/**
 * The placeholder label for a value found under `name`. A bare `token` in TOML or on a
 * command line is the runner's; found by name, it has no prefix, so it is a legacy token (a
 * prefixed one is labelled by its prefix, which wins).
 */
export function labelForName(name: string, bareTokenIsRunner: boolean): string {
  const n = normalizeName(name);
  if (n.endsWith('token')) {
    if (n.includes('registration')) return redactionLabelOf('runner-registration-token');
    if (n.endsWith('jobtoken')) return redactionLabelOf('ci-job-token');
    if (n.endsWith('privatetoken')) return redactionLabelOf('personal-access-token');
    if (n.endsWith('runnertoken') || n === 'ciservertoken' || n.endsWith('authenticationtoken')) return redactionLabelOf('unprefixed-legacy');
    if (n === 'token' && bareTokenIsRunner) return redactionLabelOf('unprefixed-legacy');
    return 'token';
  }
  if (/(?:password|passwd|passphrase|pwd|pass)$/.test(n)) return 'password';
  if (n.endsWith('accesskeyid') || n.endsWith('accesskey')) return n.includes('secret') ? 'secret-access-key' : 'access-key';
  if (n.endsWith('secretkey')) return 'secret-access-key';
  if (n.endsWith('privatekey')) return 'private-key';
  if (n.endsWith('apikey')) return 'api-key';
  if (n.endsWith('secret')) return 'secret';
  if (n.endsWith('auth')) return 'auth';
  if (n.startsWith('credential') || n.endsWith('credential') || n.endsWith('credentials')) return 'credentials';
  return 'secret';
}
