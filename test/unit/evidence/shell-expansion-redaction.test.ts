import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { isShellExpansionAt } from '../../../electron/core/evidence/redact/shell-expansion';

const ADVICE =
  'kubectl create secret generic <name> --from-literal=runner-token="$(printf %s "$TOKEN")" --dry-run=client -o yaml | kubectl apply -f -, then restart the runner.';

describe('shell expansions are references, not secrets', () => {
  it('keeps values that are only $NAME, ${NAME} or a balanced $(…), bare or double-quoted', () => {
    const r = new Redactor();
    for (const line of [
      ADVICE,
      'runner-token=$TOKEN',
      'runner-token=${TOKEN} --next',
      'runner-token="$(cat /run/secrets/runner-token)"',
      'token=$(cat /etc/gitlab-runner/token)',
      'export RUNNER_TOKEN="$RUNNER_TOKEN"',
      'password: "$(vault kv get -field=password secret/db)"',
      'gitlab-runner register --token "$(cat tok)" --url https://gitlab.example.com',
      'gitlab-runner run -t "$(cat tok)"',
      'Environment=CI_SERVER_TOKEN=${RUNNER_TOKEN}',
      'curl --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "$CI_API_V4_URL/projects"',
      'token="$(printf %s "$(cat f)")"; echo done',
      JSON.stringify({ script: [ADVICE, 'export RUNNER_TOKEN="$(cat /run/secrets/token)"'] }),
    ]) {
      expect(r.redactLine(line).text, line).toBe(line);
    }
  });

  it('still redacts literals that start with $ but are not an expansion, or have literal text around one', () => {
    const cases: [string, string][] = [
      ['token=$3cretAbc123xyz', '$3cretAbc123xyz'],
      ['password = "$!Abc123def456"', '$!Abc123def456'],
      ['token=$$Abc123def456', '$$Abc123def456'],
      ['token=abc$def123456', 'abc$def123456'],
      ['token=$(Abc123xyz456', 'Abc123xyz456'],
      ['password="$(x)Abc123def456"', 'Abc123def456'],
      ['password=Xy$(9kLmn0pQ', '9kLmn0pQ'],
      ['password="Abc1$(cat f)"', 'Abc1'],
      ['token = "3f9a0c1e2d4b5a6978877665544332"', '3f9a0c1e2d4b5a6978877665544332'],
      [JSON.stringify({ script: 'export RUNNER_TOKEN="$(x)Abc123def456"' }), 'Abc123def456'],
    ];
    for (const [line, secret] of cases) {
      const out = new Redactor().redactLine(line).text;
      expect(out, line).not.toContain(secret);
      expect(out, line).toContain('[REDACTED ');
    }
  });

  it('takes an expansion only when it is the whole value', () => {
    expect(isShellExpansionAt('x="$(a "b" \'c)\' $(d))"', 2)).toBe(true);
    expect(isShellExpansionAt('x=$(a', 2)).toBe(false);
    expect(isShellExpansionAt('x="$A', 2)).toBe(false);
    expect(isShellExpansionAt('x=${A}b', 2)).toBe(false);
    expect(isShellExpansionAt('x=${A-default}', 2)).toBe(false);
  });
});
