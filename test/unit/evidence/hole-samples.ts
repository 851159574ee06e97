import fc from 'fast-check';
import { chars } from './secret-samples';

/**
 * Secrets in the forms that once reached a bundle, each with the syntax around it: Go header
 * dumps, escaped tokens, values over several lines, secrets by command, base64 blobs, Secret
 * kinds spelled any way. Used by the property tests and by the bundle fuzz run.
 */
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const mixed = (s: string) => /[A-Za-z]/.test(s) && /\d/.test(s) && !/EXAMPLE|^X+$/i.test(s);
const secretValue = chars(ALNUM + '_.~+', 14, 32).filter(mixed);
const tokenBody = chars(ALNUM + '_', 20, 30).filter(mixed);

export interface Case {
  text: string;
  /** Strings none of which may survive. */
  secrets: string[];
}


/** The text and the decoded form of every base64 run in it: a secret may hide in neither. */
export function readable(text: string): string {
  const blobs = text.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? [];
  return [text, ...blobs.map((b) => Buffer.from(b, 'base64').toString('latin1'))].join('\n');
}

const headerName = fc.constantFrom('Authorization', 'Private-Token', 'PRIVATE-TOKEN', 'Job-Token', 'Proxy-Authorization', 'X-Api-Key');
export const goHeader = fc.record({ v: secretValue, h: headerName, form: fc.nat(3), other: fc.constantFrom('Accept', 'User-Agent') }).map(({ v, h, form, other }): Case => {
  const value = /authorization/i.test(h) ? `Bearer ${v}` : v;
  const header = { [other]: ['*/*'], [h]: [value] };
  const text = [JSON.stringify(header), JSON.stringify(header, null, 2), `map[${other}:[*/*] ${h}:[${value}]]`, JSON.stringify({ request: { header } })][form] ?? '';
  return { text: `DEBUG request header ${text}\n`, secrets: [v] };
});

const ESCAPES: ((ch: string) => string)[] = [
  (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
];
export const escapedToken = fc
  .record({
    prefix: fc.constantFrom('glpat-', 'glrt-', 'glrtr-', 'gldt-', 'glcbt-'),
    body: tokenBody,
    at: fc.nat(),
    esc: fc.constantFrom(...ESCAPES),
    name: fc.constantFrom('note', 'q', 'url', 'data', 'image', 'value'),
    form: fc.constantFrom((n: string, v: string) => `${n}=${v}`, (n: string, v: string) => `{"${n}":"${v}"}`, (n: string, v: string) => `GET /x?${n}=${v}&a=1`, (n: string, v: string) => `${n}: ${v}`),
  })
  .map(({ prefix, body, at, esc, name, form }): Case => {
    const i = at % prefix.length;
    const encoded = prefix.slice(0, i) + esc(prefix[i] ?? '-') + prefix.slice(i + 1) + body;
    return { text: form(name, encoded) + '\n', secrets: [body] };
  });

const SECRET_KEYS = ['password', 'db_password', 'token', 'client_secret', 'api_key', 'PGPASSWORD'];
export const multiLine = fc
  .record({ a: secretValue, b: secretValue, key: fc.constantFrom(...SECRET_KEYS), form: fc.nat(4) })
  .map(({ a, b, key, form }): Case => {
    const text = [
      `config:\n  ${key}: "${a} \\\n    ${b}"\n  next: 1\n`,
      `${key}: "${a}\n  ${b}"\nother: x\n`,
      `${key} = """\n${a}\n${b}\n"""\nconcurrent = 4\n`,
      `settings:\n  ${key}: >-\n    ${a}\n    ${b}\n  next: 1\n`,
      `export ${key.toUpperCase()}="${a}\n${b}"\necho done\n`,
    ][form] ?? '';
    return { text, secrets: [a, b] };
  });

export const byCommand = fc
  .record({ v: secretValue, form: fc.nat(8), env: fc.constantFrom('DB_PASS', 'SMTP_PASS', 'REDIS_PASSWORD', 'MYSQL_PWD', 'API_TOKEN') })
  .map(({ v, form, env }): Case => {
    const text = [
      `  environment = ["${env}=${v}", "FOO=bar"]`,
      `${env}=${v}`,
      `+ gitlab-runner run -t ${v} --url https://gitlab.example.com`,
      `gitlab-runner register -n -r "${v}" --executor shell`,
      `gitlab-runner register --token ${v} --url https://gitlab.example.com`,
      `mysql -h db -u root -p${v} runner < dump.sql`,
      `sshpass -p ${v} ssh deploy@host uptime`,
      `docker login -u ci -p ${v} registry.example.com`,
      `ExecStart=/usr/bin/env ${env}=${v} /usr/bin/app`,
    ][form] ?? '';
    return { text: `${text}\n`, secrets: [v] };
  });

export const base64Config = fc
  .record({ token: tokenBody, legacy: chars('0123456789abcdef', 30, 30).filter(mixed), key: fc.constantFrom('config.toml', 'values', 'payload'), form: fc.nat(2) })
  .map(({ token, legacy, key, form }): Case => {
    const config = `concurrent = 2\n[[runners]]\n  name = "r"\n  token = "glrt-${token}"\n[[runners]]\n  token = "${legacy}"\n`;
    const b64 = Buffer.from(config).toString('base64');
    const text = [
      `apiVersion: v1\nbinaryData:\n  ${key}: ${b64}\nkind: ConfigMap\nmetadata:\n  name: runner\n`,
      `{"apiVersion":"v1","binaryData":{"${key}":"${b64}"},"kind":"ConfigMap"}\n`,
      `helm values: ${key}=${b64}\n`,
    ][form] ?? '';
    return { text, secrets: [token, legacy] };
  });

export const secretKind = fc
  .record({ v: secretValue, kind: fc.constantFrom('Secret', 'secret', '"Secret"', "'Secret'", 'Secret # comment', '!!str Secret', 'SECRET'), key: fc.constantFrom('config', 'url', 'ca.crt', 'host') })
  .map(({ v, kind, key }): Case => {
    const b64 = Buffer.from(v).toString('base64');
    return { text: `apiVersion: v1\ndata:\n  ${key}: ${b64}\nkind: ${kind}\nmetadata:\n  name: s\n`, secrets: [b64, v] };
  });

export const holeSample: fc.Arbitrary<Case> = fc.oneof(goHeader, escapedToken, multiLine, byCommand, base64Config, secretKind);
