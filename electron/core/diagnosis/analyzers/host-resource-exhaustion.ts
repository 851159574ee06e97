import type { Severity } from '../../../../shared/findings';
import { list, msg } from '../../../../shared/messages';
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
  label: msg('host-resource-exhaustion.label'),
  causes: ['job-oom-killed', 'cache-upload-failed', 'docker-daemon-unreachable'],
  explains: ['no-space-left'],
  analyze(facts: Facts): Draft[] {
    const disks = facts.host.df.filter((d) => d.usePercent >= 90 && !IGNORED_FS.test(d.type ?? '') && !/^\/dev\/loop/.test(d.filesystem) && !IGNORED_MOUNT.test(d.mount) && d.filesystem !== 'tmpfs');
    const memory = facts.host.memory.filter((m) => m.totalMiB > 0 && (m.availableMiB / m.totalMiB < 0.1 || m.availableMiB < 256));
    const stores = facts.host.containerEngines.filter((e) => e.graphRootAllocated && e.graphRootUsed !== undefined && e.graphRootUsed / e.graphRootAllocated >= 0.9);
    const noSpace = matchesOf(facts, 'no-space-left');
    if (!disks.length && !memory.length && !stores.length && !noSpace.length) return [];
    const parts = [
      ...disks.map((d) => msg('host-resource-exhaustion.part.disk', { mount: d.mount, filesystem: d.filesystem, percent: d.usePercent, free: String(d.avail) })),
      ...memory.map((m) => msg('host-resource-exhaustion.part.memory', { available: Math.round(m.availableMiB), total: Math.round(m.totalMiB) })),
      ...stores.map((s) => msg('host-resource-exhaustion.part.store', { engine: s.engine, root: s.graphRoot ?? '', percent: Math.round((100 * s.graphRootUsed!) / s.graphRootAllocated!) })),
    ];
    const critical = disks.some((d) => d.usePercent >= 98) || noSpace.length > 0 || memory.some((m) => m.availableMiB / m.totalMiB < 0.05);
    const severity: Severity = critical ? 'error' : 'warning';
    const storeLines: Located[] = stores;
    return [
      {
        id: 'host-resource-exhaustion',
        severity,
        title: msg('host-resource-exhaustion.title'),
        summary: [
          ...(parts.length ? [msg('host-resource-exhaustion.summary.parts', { parts: list(parts, 'semicolon') })] : []),
          ...(noSpace.length ? [msg('host-resource-exhaustion.summary.noSpace')] : []),
          msg('host-resource-exhaustion.summary.effect'),
          msg('host-resource-exhaustion.summary.advice'),
        ],
        evidence: evidence(noSpace.slice(0, 3), disks, memory, storeLines),
        fixes: [fix('free-host-resources', msg('host-resource-exhaustion.fix.free-host-resources.title'), msg('host-resource-exhaustion.fix.free-host-resources.manual'))],
        references: ['https://docs.gitlab.com/runner/executors/docker/#clear-the-docker-cache'],
        ruledOut: [claim(facts, ['df'], msg('host-resource-exhaustion.ruledOut.alwaysFull'))],
      },
    ];
  },
};
