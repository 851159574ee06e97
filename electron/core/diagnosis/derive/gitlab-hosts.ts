import type { Facts } from '../facts';
import { configuredRunners } from './config-runners';

/** Host names of the GitLab instance(s): from runner configs, job URLs in logs and API answers. */
export function gitlabHosts(facts: Facts): Set<string> {
  const hosts = new Set<string>();
  for (const r of configuredRunners(facts)) {
    try {
      if (r.runner.url) hosts.add(new URL(r.runner.url).hostname);
    } catch {
      // an invalid url is config-invalid's business
    }
  }
  return hosts;
}

/** Runner operations that talk to the GitLab API (as opposed to registries, git remotes…). */
export const GITLAB_OPERATION = /Checking for jobs|Verifying runner|Registering runner|Submitting job to coordinator|Appending trace to coordinator|Resetting runner (?:authentication )?token|Uploading artifacts|Downloading artifacts|Updating job|\/api\/v4\/|unable to access '|Getting source from Git|Fetching changes|git fetch|git clone/;

/** Lines about pulling images: a registry's failure is not GitLab's. */
export const REGISTRY_OPERATION = /pull(?:ing)? (?:docker )?image|Error response from daemon|failed to pull|\/v2\/|manifest|registry-1\.docker\.io|ImagePull|ErrImagePull/i;

export function firstUrlHost(text: string): string | undefined {
  const m = /https?:\/\/([A-Za-z0-9.-]+)/.exec(text);
  return m?.[1];
}
