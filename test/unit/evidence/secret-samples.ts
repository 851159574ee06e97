import fc from 'fast-check';
import { Readable } from 'node:stream';
import { RedactStream } from '../../../electron/core/evidence/redact/redact-stream';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';

/**
 * Random secrets of every rule family and the syntaxes they turn up in, in the manner of
 * gitleaks' sample generator: each secret is embedded in each syntax and must never survive.
 */
export interface Sample {
  /** Rule family, for messages. */
  family: string;
  /** The text that must not appear in the output. */
  secret: string;
  /** What is written into the syntax (the secret, or a URL around it). */
  value: string;
  /** The key it is written under; prefixed tokens don't need a secret-looking one. */
  name: string;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64URL = ALNUM + '-_';
const B64 = ALNUM + '+/';
const HEX = '0123456789abcdef';

export const chars = (alphabet: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });

/** Has both a letter and a digit, so it can never read as a word or a look-alike. */
const mixed = (s: string) => /[A-Za-z]/.test(s) && /\d/.test(s) && !/EXAMPLE|^X+$/i.test(s);

const GITLAB_PREFIXES = ['glpat-', 'glrt-', 'glrtr-', 'glcbt-', 'gldt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glptt-', 'glsoat-', 'glffct-', 'GR1348941'];

const gitlabToken = fc
  .record({
    prefix: fc.constantFrom(...GITLAB_PREFIXES),
    body: chars(B64URL, 20, 40).filter(mixed),
    routable: fc.option(chars('0123456789abcdefghijklmnopqrstuvwxyz', 9, 9), { nil: undefined }),
    custom: fc.constantFrom('', '', 'corp-', 'acme-'),
    name: fc.constantFrom('token', 'note', 'url', 'value', 'GITLAB_TOKEN', 'image'),
  })
  .map(({ prefix, body, routable, custom, name }): Sample => {
    const secret = `${prefix}${body}${routable ? `.${routable}` : ''}`;
    return { family: 'gitlab-token', secret, value: custom + secret, name };
  });

const legacyRunnerToken = fc
  .record({ token: chars(HEX, 30, 30).filter(mixed), name: fc.constantFrom('token', 'runner_token', 'CI_SERVER_TOKEN', 'registration-token', 'runnerToken') })
  .map(({ token, name }): Sample => ({ family: 'legacy-runner-token', secret: token, value: token, name }));

const PASSWORD_CHARS = ALNUM + '!%^*+=._~/-';
const SECRET_NAMES = [
  'password', 'db_password', 'DB_PASSWORD', 'passwd', 'api_key', 'apiKey', 'client_secret', 'SECRET_KEY',
  'AWS_SECRET_ACCESS_KEY', 'private_token', 'SecretKey', 'AccessKey', 'secret', 'auth_token', 'smtp-password', 'Pwd',
];

const password = fc
  .record({ first: chars(ALNUM, 1, 1), rest: chars(PASSWORD_CHARS, 9, 29), name: fc.constantFrom(...SECRET_NAMES) })
  .map(({ first, rest, name }) => ({ pw: first + rest, name }))
  .filter(({ pw }) => mixed(pw))
  .map(({ pw, name }): Sample => ({ family: 'secret-by-name', secret: pw, value: pw, name }));

const awsKeyId = fc
  .record({ p: fc.constantFrom('AKIA', 'ASIA'), rest: chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 16), name: fc.constantFrom('aws_access_key_id', 'key_id', 'note') })
  .filter(({ rest }) => !rest.endsWith('EXAMPLE'))
  .map(({ p, rest, name }): Sample => ({ family: 'aws-access-key', secret: p + rest, value: p + rest, name }));

const jwt = fc
  .record({ h: chars(B64URL, 10, 30), p: chars(B64URL, 10, 60), s: chars(B64URL, 10, 43), name: fc.constantFrom('id_token', 'note', 'bearer', 'value') })
  .map(({ h, p, s, name }): Sample => {
    const token = `eyJ${h}.eyJ${p}.${s}`;
    return { family: 'jwt', secret: token, value: token, name };
  });

const uriPassword = fc
  .record({ pw: chars(ALNUM + '-_.~!*', 10, 24).filter(mixed), user: fc.constantFrom('deploy', 'gitlab-ci-token', 'oauth2', 'admin'), scheme: fc.constantFrom('https', 'postgres', 'redis', 'amqp') })
  .map(({ pw, user, scheme }): Sample => ({ family: 'uri-credentials', secret: pw, value: `${scheme}://${user}:${pw}@db.example.com:5432/app`, name: 'url' }));

const base64Pem = fc
  .record({ body: chars(B64, 40, 200), name: fc.constantFrom('client-key-data', 'certificate-authority-data', 'note') })
  .map(({ body, name }): Sample => {
    const b = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo' + body;
    return { family: 'pem-base64', secret: b, value: b, name };
  });

/**
 * Secrets with a `$` or `$(` that are not a whole shell expansion (`$3cret…`, `ab$(cd…`): a
 * reference to a variable is left alone, these must not be. `parts` are what must not survive.
 */
export const dollarSample = fc
  .oneof(
    fc.tuple(fc.constantFrom('$1', '$!', '$$', '$-', '$%', '$('), chars(ALNUM, 10, 24).filter(mixed)).map(([p, b]) => ({ value: p + b, parts: [b] })),
    fc.tuple(chars(ALNUM, 8, 16).filter(mixed), fc.constantFrom('$', '$(', '${'), chars(ALNUM, 8, 16).filter(mixed)).map(([a, d, b]) => ({ value: a + d + b, parts: [a, b] })),
  )
  .chain((s) => fc.constantFrom('password', 'runner_token', 'api_key').map((name) => ({ ...s, name })));

/** Secrets that are written into the key/value syntaxes below. */
export const keyedSample: fc.Arbitrary<Sample> = fc.oneof(gitlabToken, legacyRunnerToken, password, awsKeyId, jwt, uriPassword, base64Pem);

const upper = (n: string) => n.replace(/[-.]/g, '_').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
const kebab = (n: string) => n.replace(/[_.]/g, '-').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** Thirty-odd ways a key and its value are written in configs, scripts, logs and API answers. */
export const SYNTAXES: Record<string, (n: string, v: string) => string> = {
  toml: (n, v) => `${n} = "${v}"`,
  tomlLiteral: (n, v) => `${n} = '${v}'`,
  tomlSection: (n, v) => `[runners.cache.s3]\n  ServerAddress = "s3.amazonaws.com"\n  ${n} = "${v}"\n  Insecure = false`,
  ini: (n, v) => `[client]\n${n} = ${v}\nport = 5432`,
  iniTight: (n, v) => `${n}=${v}`,
  yaml: (n, v) => `${n}: ${v}`,
  yamlDoubleQuoted: (n, v) => `${n}: "${v}"`,
  yamlSingleQuoted: (n, v) => `${n}: '${v}'`,
  yamlList: (n, v) => `items:\n  - ${n}: ${v}\n    other: x`,
  yamlNested: (n, v) => `a:\n  b:\n    ${n}: ${v}\n  c: d`,
  yamlBlockScalar: (n, v) => `${n}: |\n  ${v}\nnext: 1`,
  yamlFolded: (n, v) => `settings:\n  ${n}: >-\n    ${v}\n    continued\n  next: 1`,
  json: (n, v) => JSON.stringify({ [n]: v }),
  jsonPretty: (n, v) => JSON.stringify({ a: 1, [n]: v, b: [1, 2] }, null, 2),
  jsonEscaped: (n, v) => JSON.stringify({ payload: JSON.stringify({ [n]: v }) }),
  jsonDoubleEscaped: (n, v) => JSON.stringify({ outer: JSON.stringify({ payload: JSON.stringify({ [n]: v }) }) }),
  shellExport: (n, v) => `export ${upper(n)}="${v}"`,
  shellSingleQuoted: (n, v) => `${upper(n)}='${v}' ./deploy.sh`,
  dockerEnv: (n, v) => `docker run --rm -e ${upper(n)}=${v} alpine:3.19 env`,
  cliFlag: (n, v) => `gitlab-runner register --${kebab(n)} ${v} --url https://gitlab.example.com`,
  cliFlagEquals: (n, v) => `tool --${kebab(n)}=${v} --verbose`,
  urlQuery: (n, v) => `GET https://gitlab.example.com/api/v4/runners?${n}=${v}&per_page=100 HTTP/1.1`,
  logfmt: (n, v) => `time="2025-03-04T10:11:12Z" level=info ${n}=${v} msg="request sent"`,
  logfmtQuoted: (n, v) => `level=warning ${n}="${v}" msg="retrying"`,
  jsonLog: (n, v) => `{"level":"info","msg":"request","${n}":"${v}","time":"2025-03-04T10:11:12Z"}`,
  envDump: (n, v) => `PATH=/usr/local/bin:/usr/bin\n${upper(n)}=${v}\nHOME=/root`,
  xml: (n, v) => `<settings><server><id>x</id><${n}>${v}</${n}></server></settings>`,
  pythonDict: (n, v) => `config = {'${n}': '${v}', 'debug': True}`,
  rubyHash: (n, v) => `{ :${n} => "${v}", :verbose => true }`,
  powershell: (n, v) => `$env:${upper(n)} = "${v}"`,
  k8sEnvYaml: (n, v) => `env:\n- name: ${upper(n)}\n  value: ${v}\n- name: OTHER\n  value: plain`,
  k8sEnvJson: (n, v) => `{"env":[{"name":"${upper(n)}","value":"${v}"}]}`,
  configMapToml: (n, v) => `apiVersion: v1\ndata:\n  config.toml: |\n    [[runners]]\n      ${n} = "${v}"\nkind: ConfigMap\nmetadata:\n  name: runner`,
  lastApplied: (n, v) =>
    `metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      ${JSON.stringify({ apiVersion: 'v1', data: { 'config.toml': `[[runners]]\n  ${n} = "${v}"\n` }, kind: 'ConfigMap' })}`,
  lastAppliedJson: (n, v) =>
    JSON.stringify(
      { metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { 'config.toml': `[[runners]]\n  ${n} = "${v}"\n` }, kind: 'ConfigMap' }) + '\n' } } },
      null,
      4,
    ),
};

/** Places where a prefixed token (no key needed) shows up in running text. */
export const PROSE: Record<string, (v: string) => string> = {
  sentence: (v) => `Using ${v} to authenticate`,
  urlPath: (v) => `POST https://gitlab.example.com/api/v4/runners/verify?x=${v}`,
  parenthesised: (v) => `error (token ${v}) rejected`,
  markdownCode: (v) => `copy \`${v}\` into the form`,
  escapedNewline: (v) => `"line one\\n${v}\\nline three"`,
  angle: (v) => `<${v}>`,
};

/** Credentials in HTTP headers, cookies and curl command lines. */
export const headerSample = fc.record({
  v: chars(ALNUM + '-_.~+/', 16, 40).filter(mixed),
  form: fc.constantFrom(
    (v: string) => `Authorization: Bearer ${v}`,
    (v: string) => `> Authorization: Basic ${v}=`,
    (v: string) => `curl -H "Authorization: Bearer ${v}" https://gitlab.example.com/api/v4/user`,
    (v: string) => `{"headers":{"Authorization":"Bearer ${v}","Accept":"*/*"}}`,
    (v: string) => `Authorization: [Bearer ${v}]`,
    (v: string) => `PRIVATE-TOKEN: ${v}`,
    (v: string) => `curl --header "JOB-TOKEN: ${v}" "$CI_API_V4_URL/jobs"`,
    (v: string) => `Cookie: _gitlab_session=${v}; known_sign_in=1`,
    (v: string) => `Set-Cookie: session_id=${v}; path=/; HttpOnly`,
    (v: string) => `curl -u deploy:${v} https://nexus.example.com`,
    (v: string) => `dsn = "app:${v}@tcp(db.example.com:3306)/runner"`,
    (v: string) => `Server=db.example.com;Database=runner;User Id=app;Password=${v};`,
  ),
});

/** Multi-line PEM private keys in the places they are found. */
export const pemSample = fc.record({
  type: fc.constantFrom('RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY'),
  lines: fc.array(chars(B64, 64, 64).filter(mixed), { minLength: 2, maxLength: 12 }),
  last: chars(B64, 4, 60).map((s) => s + '=='),
  form: fc.constantFrom('raw', 'yamlBlock', 'jsonString', 'logPrefix', 'tomlInline', 'crlf'),
});

export function renderPem(s: { type: string; lines: string[]; last: string; form: string }): string {
  const body = [...s.lines, s.last];
  const block = [`-----BEGIN ${s.type}-----`, ...body, `-----END ${s.type}-----`];
  switch (s.form) {
    case 'yamlBlock':
      return `apiVersion: v1\nkind: ConfigMap\ndata:\n  tls.key: |\n${block.map((l) => `    ${l}`).join('\n')}\n  other: x\n`;
    case 'jsonString':
      return JSON.stringify({ key: block.join('\n') + '\n' }, null, 2);
    case 'logPrefix':
      return block.map((l) => `2025-03-04T10:11:12Z app[42]: ${l}`).join('\n');
    case 'tomlInline':
      return `[runners.cache.gcs]\n  PrivateKey = "${block.join('\\n')}\\n"\n`;
    case 'crlf':
      return `before\r\n${block.join('\r\n')}\r\nafter\r\n`;
    default:
      return `key follows\n${block.join('\n')}\nafter\n`;
  }
}

/** Body lines of the PEM block: none may survive. */
export function pemSecrets(s: { lines: string[]; last: string }): string[] {
  return [...s.lines, s.last];
}

/** `data` cut at the given points (taken modulo its length), as a stream would deliver it. */
export function cutInto(data: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    parts.push(data.subarray(at, p));
    at = p;
  }
  parts.push(data.subarray(at));
  return parts.filter((p) => p.length > 0);
}

/** `text` redacted by one RedactStream, delivered in the chunks `cuts` makes. */
export async function redactChunked(text: string, cuts: readonly number[]): Promise<{ text: string; count: number }> {
  const stream = new RedactStream(new Redactor());
  const out: Buffer[] = [];
  for await (const c of Readable.from(cutInto(Buffer.from(text), cuts)).pipe(stream)) out.push(Buffer.from(c as Buffer));
  return { text: Buffer.concat(out).toString('utf8'), count: stream.count };
}
