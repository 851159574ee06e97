import type { Severity } from '../../../../shared/findings';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, fix } from '../finding';

/** Filesystems that are always full or say nothing about the runner's room (snap images, pseudo filesystems). */
const IGNORED_FS = /^(?:squashfs|iso9660|devtmpfs|proc|sysfs|cgroup2?|overlay|nsfs|tracefs|efivarfs)$/;
const IGNORED_MOUNT = /^\/(?:snap|proc|sys|dev)(?:\/|$)|^\/run\/(?:user|containerd|containers|k3s)|\/overlay2?\/|\/containers\/storage\/overlay/;

/**
 * The runner host is out of disk or memory: `df` shows a filesystem at 90 % or more, `free`
 * shows little memory available, podman's image store is nearly full, or jobs fail with
 * `no space left on device`. Jobs then fail in odd places (image pulls, cache extraction, git).
 * Not fired by: snap squashfs images and loop devices, which are always 100 % full.
 */
export const hostResourceExhaustion: Analyzer = {
  id: 'host-resource-exhaustion',
  label: 'host out of disk or memory',
  causes: ['job-oom-killed', 'cache-upload-failed', 'docker-daemon-unreachable'],
  explains: ['no-space-left'],
  analyze(facts: Facts): Draft[] {
    const disks = facts.host.df.filter((d) => d.usePercent >= 90 && !IGNORED_FS.test(d.type ?? '') && !/^\/dev\/loop/.test(d.filesystem) && !IGNORED_MOUNT.test(d.mount) && d.filesystem !== 'tmpfs');
    const memory = facts.host.memory.filter((m) => m.totalMiB > 0 && (m.availableMiB / m.totalMiB < 0.1 || m.availableMiB < 256));
    const stores = facts.host.containerEngines.filter((e) => e.graphRootAllocated && e.graphRootUsed !== undefined && e.graphRootUsed / e.graphRootAllocated >= 0.9);
    const noSpace = matchesOf(facts, 'no-space-left');
    if (!disks.length && !memory.length && !stores.length && !noSpace.length) return [];
    const parts = [
      ...disks.map((d) => `${d.mount} (${d.filesystem}) is ${d.usePercent}% full, ${d.avail} free`),
      ...memory.map((m) => `only ${Math.round(m.availableMiB)} MiB of ${Math.round(m.totalMiB)} MiB memory available`),
      ...stores.map((s) => `the ${s.engine} image store ${s.graphRoot ?? ''} is ${Math.round((100 * s.graphRootUsed!) / s.graphRootAllocated!)}% full`),
    ];
    const critical = disks.some((d) => d.usePercent >= 98) || noSpace.length > 0 || memory.some((m) => m.availableMiB / m.totalMiB < 0.05);
    const severity: Severity = critical ? 'error' : 'warning';
    const storeLines: Located[] = stores;
    return [
      {
        id: 'host-resource-exhaustion',
        severity,
        title: 'The runner host is running out of disk or memory',
        summary:
          `${parts.length ? `${parts.join('; ')}. ` : ''}${noSpace.length ? 'Jobs already fail with "no space left on device". ' : ''}` +
          'Jobs on a full host fail in unrelated-looking places: image pulls, cache and artifact extraction, git checkouts, or the OOM killer. ' +
          'Remove unused images and volumes (`podman system prune` / `docker system prune` as the runner user), clean old builds and caches, or give the host more disk or memory.',
        evidence: evidence(noSpace.slice(0, 3), disks, memory, storeLines),
        fixes: [fix('free-host-resources', 'Free disk and memory on the runner host', 'podman system prune --all --volumes (or docker system prune -a --volumes) as the user that runs jobs; check builds_dir and cache_dir; extend the filesystem if it fills again.')],
        references: ['https://docs.gitlab.com/runner/executors/docker/#clear-the-docker-cache'],
        ruledOut: [claim(facts, ['df'], 'Always-full filesystems (snap squashfs images, loop devices, pseudo filesystems) were not counted.')],
      },
    ];
  },
};
