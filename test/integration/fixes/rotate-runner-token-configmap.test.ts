import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_002_RUNNER_DESCRIPTION as NAME, SEED_002_RUNNER_ID as RUNNER } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { SEED_002_NAMESPACE as NS } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { FixConnections } from '../../../electron/core/fixes/connections';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import { rotateRunnerToken } from '../../../electron/core/fixes/rotate-runner-token';
import { openTokenFile } from '../../../electron/core/fixes/token-file';
import { labObject } from '../../helpers/fix-lab';

// rotate-runner-token where the runner reads its token from config.toml in a ConfigMap (raw
// manifests, seed 002's layout): the ConfigMap holds a glrt- token GitLab no longer accepts.
const DEAD = 'glrt-DeadTokenInConfigMap01';
let lab: DemoLab;
let dir: string;
let original: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-rotate-cm-'));
  const cm = configMap();
  cm.data['config.toml'] = cm.data['config.toml']!.replace(/token = "glpat-[^"]+"/, `token = "${DEAD}"\n  token_obtained_at = 2026-01-01T00:00:00Z\n  token_expires_at = 0001-01-01T00:00:00Z`);
  original = cm.data['config.toml']!;
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const configMap = () => labObject<{ data: Record<string, string>; metadata: { resourceVersion: string } }>(lab, 'ConfigMap', NS, 'gitlab-runner-config');
const runner = () => lab.world.gitlab.runners.find((r) => r.id === RUNNER)!;
const tokenLines = /^\s*token(?:_obtained_at|_expires_at)? = .*$/;

describe('rotate-runner-token into a ConfigMap config.toml', () => {
  it('resets the runner, saves the token first, edits only the token keys of its [[runners]] entry, restarts the Deployment, and verifies', async () => {
    const file = join(dir, 'token');
    const connections = new FixConnections(
      { kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }], gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile }, files: [] },
      await openTokenFile(file, false),
    );
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const facts = {
        gitlab: { runners: new Map([[RUNNER, { id: RUNNER, description: NAME }]]) },
        configs: [{ source: { configMap: { namespace: NS, name: 'gitlab-runner-config', key: 'config.toml' } }, template: false, parsed: true }],
      } as never;
      const plans = await rotateRunnerToken.plan({ findings: [{ id: 'runner-token-invalid', evidence: [] } as never], facts, target: undefined }, ctx);
      const plan = plans.find((p) => p.target.object === 'configmap/gitlab-runner-config')!;
      expect(plan.calls[0]).toBe(`POST /api/v4/runners/${RUNNER}/reset_authentication_token (with your token; not repeatable: each call kills the token before it)`);
      expect(plan.changes[1]).toMatch(/\[\[runners\]\] "ois-cfa-k8s": token ← the new token \(and token_obtained_at, token_expires_at\); every other byte/);
      expect(plan.diff).not.toContain(DEAD);
      const outcome = await runFix(rotateRunnerToken, plan, connections, { confirm: async () => true, audit: async () => undefined }, new AbortController().signal);
      expect(outcome).toMatchObject({ result: 'applied', verified: true });
      expect(outcome.message).toMatch(/holds the new token; Deployment gitlab-runner: 2\/2 pods Ready after the rollout; no restarted pod logs a 403; GitLab saw runner 61/);
      const saved = (await readFile(file, 'utf8')).trim();
      expect(runner().token).toBe(saved);
      const after = configMap().data['config.toml']!;
      expect(after).toContain(`  token = "${saved}"`);
      expect(after).toMatch(/^ {2}token_expires_at = 0001-01-01T00:00:00Z$/m);
      expect(after).not.toContain('token_obtained_at = 2026-01-01T00:00:00Z');
      const rest = (t: string) => t.split('\n').filter((l) => !tokenLines.test(l)).join('\n');
      expect(Buffer.from(rest(after))).toEqual(Buffer.from(rest(original)));
      expect(JSON.stringify(outcome)).not.toContain(saved);
    } finally {
      await connections.close();
    }
  });
});
