import type { ContractFixId } from '../../../shared/findings';

/**
 * How to carry out each of the contract's fixes by hand: every finding tells the user what to
 * do, also where `runner-doctor fix` can do it for them (CONTRACTS.md §3).
 */
export const MANUAL_STEPS: Record<ContractFixId, string> = {
  'rotate-runner-token':
    "Reset the runner's token (the runner's page in GitLab → Reset token, or POST /api/v4/runners/:id/reset_authentication_token with a token that has manage_runner), put the new glrt- token in config.toml and restart the runner. The old token stops working at once.",
  'replace-pat-with-runner-token':
    'Create a runner in GitLab (Settings → CI/CD → Runners → New runner, or POST /api/v4/user/runners), put its glrt- authentication token in config.toml in place of the personal access token, restart the runner, then revoke the personal access token: it has been stored in a config file.',
  'writable-config-dir':
    'Give the runner a writable config directory: copy config.toml from the ConfigMap into an emptyDir when the pod starts (as the official Helm chart does), or point --config into a writable volume. There is no state_file key; the runner writes .runner_system_id next to config.toml.',
  'raise-request-concurrency':
    'Set request_concurrency (for example 3, not above limit) in the [[runners]] section, or set FF_USE_ADAPTIVE_REQUEST_CONCURRENCY=true, and restart the runner.',
  'delete-orphaned-job-secrets':
    "Delete the Secrets named runner-*-project-*-concurrent-* whose ownerReferences name no live pod: check with kubectl get secret NAME -n NS -o jsonpath='{.metadata.ownerReferences}', then kubectl delete secret NAME -n NS.",
  'pin-helper-image':
    'In [runners.docker], set helper_image = "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-<revision>" with your runner\'s revision (gitlab-runner --version; f5da3c5a for 16.6.1), then restart the runner. Going back to 16.5.0 also works.',
  'cancel-stuck-job':
    "Cancel the job in GitLab (the job's page → Cancel, or POST /api/v4/projects/:id/jobs/:job_id/cancel); if it stays in canceling, cancel again with force=true (GitLab 17.2+).",
};
