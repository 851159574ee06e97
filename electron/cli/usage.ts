/** A mistake in how the CLI was called or in its input: one clear line on stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, findings: 1, usage: 2, unreachable: 3 } as const;

export const HELP = `runner-doctor — diagnose GitLab Runner on Kubernetes, SSH hosts and the GitLab API

Usage:
  runner-doctor analyze PATH... [--json] [--no-redact] [--lang en|ru]
      Diagnose evidence offline. PATH is a folder, a file (also .gz, a pipe) or a bundle (.zip);
      files are recognised by content. Output is redacted; --no-redact prints excerpts as they are.
  runner-doctor collect [sources] [--out FILE.zip] [--json]
      Collect evidence, analyze it and write a redacted bundle. Collection never changes anything:
      Kubernetes get/list/log reads and access reviews, GitLab GET requests, read-only SSH commands.
      Sources (any mix):
        --demo                         the built-in demo lab
        --kube-context NAME            a kubeconfig context (repeatable)
          --namespace NS               namespace of the runners (repeatable; default: the context's, else default)
          --all-namespaces             every namespace holding runners, among those you may list
          --kubeconfig FILE            default: KUBECONFIG or ~/.kube/config
        --gitlab-url URL               GitLab instance; token from the GITLAB_TOKEN environment variable
          --gitlab-ca-file PEM         CA bundle for a private certificate authority
          --allow-insecure-http        send the token over plain http to another machine (refused otherwise)
          --verify-runner-tokens       also check runner tokens found in configs with POST /runners/verify:
                                       a write (GitLab marks the runner contacted, adds/updates a manager)
        --ssh HOST                     user@host:port or an ssh config alias (repeatable)
          --ssh-config FILE            default ~/.ssh/config (with --demo, the lab's host keeps its own)
          --known-hosts FILE           default ~/.ssh/known_hosts plus the app's own
          --accept-new-host-keys       accept and remember unknown host keys (like OpenSSH accept-new)
        --files PATH                   log and config files or folders you already have (repeatable)
  runner-doctor fix FINDING_ID [--plan | --apply --yes | --rollback --yes] [sources] [--target ID] [--only ID]... [--exclude ID]... [--token-file FILE [--resume]] [--json]
                   [--runner-token-file FILE] [--runner-type T] [--group-id ID] [--project-id ID] [--tags A,B] [--description D] [--run-untagged true|false]
      Collect (read-only) with the collect source flags, then show the plan of the finding's
      automated fix: the exact calls or a diff, and the preflight (permissions, dry run).
      --apply --yes applies it, verifies it, logs each step to audit.jsonl and collects again.
      Without --yes nothing is written. --target narrows it to one job, runner or object.
      Automated today: cancel-stuck-job (job-stuck-running, job-token-expired),
      delete-orphaned-job-secrets (orphaned-job-secrets), raise-request-concurrency
      (long-polling-bottleneck, in ConfigMaps), rotate-runner-token (runner-token-invalid,
      Helm-chart token Secrets, config.toml in ConfigMaps), writable-config-dir (config-dir-read-only,
      Deployments), pin-helper-image (helper-image-permission-container, config.toml on
      --ssh hosts: sudo -n, backup, atomic write), replace-pat-with-runner-token
      (runner-token-is-pat, registration-token-deprecated, in ConfigMaps and Helm-chart token
      Secrets: POST /user/runners, then the token written and the runner restarted).
      --rollback --yes undoes the last applied fix of a finding where its plan says it can.
        --only ID, --exclude ID        keep only the plans or items named / leave one out (both
                                       repeatable): the ids --plan lists (a plan id where there are
                                       several, each orphaned Secret); the dry run and the apply cover
                                       the selection and audit.jsonl records it; an unknown id is exit 2
        --token-file FILE              where a rotated runner token is saved (0600) before any
                                       other step; token fixes refuse to apply without it, and
                                       refuse a file that already holds a token
        --resume                       with --apply --yes --token-file FILE: finish a rotation
                                       that failed after the reset, with the token saved there
                                       (with --plan: show that plan)
        --runner-token-file FILE       a glrt- token you created in GitLab: used instead of creating a runner
        --runner-type instance|group|project, --group-id ID, --project-id ID, --tags A,B,
        --description TEXT, --run-untagged true|false
                                       the runner replace-pat-with-runner-token creates; each one not
                                       given is copied from the runner GitLab shows for the config
  runner-doctor redact [FILE|-]
      Write the input to stdout with secrets replaced.
  runner-doctor bundle verify FILE.zip
      Check every file's sha256 and size against the manifest, and that nothing is unlisted.
  runner-doctor bundle redact IN.zip --out OUT.zip
      Apply the current redaction rules to an existing bundle, writing a new one.
  runner-doctor demo-lab
      Start the demo lab and print how to connect to it. Stops on Ctrl-C.

Every command takes --lang en|ru: the language of the text output and of report.md/report.html
(findings.json stays English, with message ids). Without it: LC_ALL, LC_MESSAGES, LANG (ru_RU.UTF-8 → ru).

Exit codes: 0 nothing wrong found · 1 findings of severity warning or worse ·
2 usage or input error · 3 a source could not be reached (the partial result is still written) ·
130/143 cancelled (Ctrl-C/SIGTERM). An unexpected internal error is one line and exit 2;
RUNNER_DOCTOR_DEBUG=1 adds its stack trace (for a bug report).
`;
