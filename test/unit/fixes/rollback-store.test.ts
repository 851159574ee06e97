import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../electron/core/fixes/fix-definition';
import { dropRollback, listRollbacks, loadRollbacks, saveRollback } from '../../../electron/core/fixes/rollback-store';

const plan = (planId: string, findingId = 'long-polling-bottleneck'): FixPlan<unknown> =>
  ({ planId, fixId: 'raise-request-concurrency', findingId, title: planId, target: {}, changes: [], calls: [], notes: [], rollback: { possible: true, how: 'old values back' }, data: { planId } }) as unknown as FixPlan<unknown>;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-rollback-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rollback data kept after an apply', () => {
  it('keeps every plan a fix applied for one finding, so each can be rolled back', async () => {
    await saveRollback(plan('raise-request-concurrency:kube/ctx/ns/runner-config'), dir);
    await saveRollback(plan('raise-request-concurrency:ssh/runner-host:/etc/gitlab-runner/config.toml'), dir);
    const kept = await loadRollbacks('long-polling-bottleneck', dir);
    expect(kept.map((p) => p.planId).sort()).toEqual(['raise-request-concurrency:kube/ctx/ns/runner-config', 'raise-request-concurrency:ssh/runner-host:/etc/gitlab-runner/config.toml']);
    expect((await listRollbacks(dir)).map((r) => r.plan.planId)).toHaveLength(2);
  });

  it('forgets only the plan that was rolled back', async () => {
    await saveRollback(plan('a'), dir);
    await saveRollback(plan('b'), dir);
    await dropRollback(plan('a'), dir);
    expect((await loadRollbacks('long-polling-bottleneck', dir)).map((p) => p.planId)).toEqual(['b']);
  });

  it('reads the one-per-finding file older versions wrote, once, and forgets it when its plan is rolled back', async () => {
    await mkdir(join(dir, 'rollback'), { recursive: true });
    await writeFile(join(dir, 'rollback', 'long-polling-bottleneck.json'), JSON.stringify(plan('old')));
    await saveRollback(plan('old'), dir);
    await saveRollback(plan('new'), dir);
    expect((await loadRollbacks('long-polling-bottleneck', dir)).map((p) => p.planId).sort()).toEqual(['new', 'old']);
    await dropRollback(plan('old'), dir);
    expect((await loadRollbacks('long-polling-bottleneck', dir)).map((p) => p.planId)).toEqual(['new']);
  });

  it('another finding has its own, and a finding with none has nothing to roll back', async () => {
    await saveRollback(plan('x', 'orphaned-job-secrets'), dir);
    expect(await loadRollbacks('long-polling-bottleneck', dir)).toEqual([]);
    expect((await loadRollbacks('orphaned-job-secrets', dir)).map((p) => p.planId)).toEqual(['x']);
  });
});
