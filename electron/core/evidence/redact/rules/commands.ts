import { redactionLabelOf } from '../../../../../shared/gitlab-token-kinds';
import { isKnownFake, type RedactionRule, type SecretSpan } from '../rules';
import { isShellExpansionAt } from '../shell-expansion';

/**
 * Secrets known by the command they are passed to, where the flag says nothing by its name:
 * `gitlab-runner run -t X` / `register -r X`, `mysql -pX` (attached; a bare `-p` prompts),
 * `sshpass -p X`, `docker login -p X`. The flags are only read up to the end of the command
 * (`;`, `|`, `&`), so `-p` of a later command is not taken for a password.
 */
interface CommandFlags {
  command: RegExp;
  flag: RegExp;
  label: string;
}

const VALUE = String.raw`(?:\\*["'])?([^\s"'\\;|&]+)`;

const COMMANDS: readonly CommandFlags[] = [
  { command: /\bgitlab-(?:ci-multi-)?runner(?:\.exe)?\b/g, flag: new RegExp(String.raw`(?<=\s)-t(?:=|[ \t]+)${VALUE}`, 'dg'), label: redactionLabelOf('unprefixed-legacy') },
  { command: /\bgitlab-(?:ci-multi-)?runner(?:\.exe)?\b/g, flag: new RegExp(String.raw`(?<=\s)-r(?:=|[ \t]+)${VALUE}`, 'dg'), label: redactionLabelOf('runner-registration-token') },
  { command: /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b/g, flag: new RegExp(String.raw`(?<=\s)-p${VALUE}`, 'dg'), label: 'password' },
  { command: /\bsshpass\b/g, flag: new RegExp(String.raw`(?<=\s)-p(?:=|[ \t]*)${VALUE}`, 'dg'), label: 'password' },
  { command: /\b(?:docker|podman|buildah|skopeo|nerdctl|helm|oras)\b[^;|&\n]*?\blogin\b/g, flag: new RegExp(String.raw`(?<=\s)-p(?:=|[ \t]+)${VALUE}`, 'dg'), label: 'password' },
];

/** The end of the command that starts at `from`: the next `;`, `|` or `&`, or the line's end. */
function commandEnd(line: string, from: number): number {
  const rest = line.slice(from).search(/[;|&]/);
  return rest === -1 ? line.length : from + rest;
}

export const commandSecretRule: RedactionRule = {
  id: 'secret-by-command',
  hints: ['gitlab-runner', 'gitlab-ci-multi-runner', 'mysql', 'mariadb', 'sshpass', 'login'],
  find(line) {
    const spans: SecretSpan[] = [];
    for (const { command, flag, label } of COMMANDS) {
      command.lastIndex = 0;
      for (let c = command.exec(line); c; c = command.exec(line)) {
        const from = c.index + c[0].length;
        const segment = line.slice(0, commandEnd(line, from));
        flag.lastIndex = from;
        for (let m = flag.exec(segment); m; m = flag.exec(segment)) {
          const at = m.indices?.[1];
          if (!at || isKnownFake(m[1] ?? '')) continue;
          if (isShellExpansionAt(line, line[at[0] - 1] === '"' ? at[0] - 1 : at[0])) continue;
          spans.push({ start: at[0], end: at[1], label, priority: 1 });
        }
      }
    }
    return spans;
  },
};
