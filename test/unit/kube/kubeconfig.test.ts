import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { contextNamespace, defaultKubeconfigPath, loadContext, readKubeconfig } from '../../../electron/core/kube/kubeconfig';
import { listContexts } from '../../../electron/core/kube/contexts';
import { memoryApprovalStore } from '../../../electron/core/kube/exec-approval';

let dir: string;
let first: string;
let second: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-kubeconfig-'));
  await mkdir(join(dir, 'a'));
  await mkdir(join(dir, 'b'));
  first = join(dir, 'a', 'config');
  second = join(dir, 'b', 'config');
  await writeFile(
    first,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'prod',
      clusters: [{ name: 'shared', cluster: { server: 'https://first.example:6443', 'certificate-authority': 'ca.pem' } }],
      users: [{ name: 'me', user: { token: 'first-token' } }],
      contexts: [{ name: 'prod', context: { cluster: 'shared', user: 'me', namespace: 'gitlab-runner' } }],
    }),
  );
  await writeFile(
    second,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'eks',
      clusters: [
        { name: 'shared', cluster: { server: 'https://second.example:6443' } },
        { name: 'eks-cluster', cluster: { server: 'https://eks.example' } },
      ],
      users: [
        { name: 'me', user: { token: 'second-token' } },
        {
          name: 'eks-user',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: 'aws',
              args: ['eks', 'get-token', '--cluster-name', 'prod'],
              env: [{ name: 'AWS_PROFILE', value: 'ci' }],
            },
          },
        },
        { name: 'tools', user: { exec: { command: './bin/get-token', args: [] } } },
      ],
      contexts: [
        { name: 'prod', context: { cluster: 'eks-cluster', user: 'eks-user' } },
        { name: 'eks', context: { cluster: 'eks-cluster', user: 'eks-user' } },
        { name: 'broken', context: { cluster: 'nowhere', user: 'me' } },
        { name: 'tools', context: { cluster: 'shared', user: 'tools' } },
      ],
    }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kubeconfig merging as kubectl does it', () => {
  it('lets the first file win on duplicate names and for current-context', () => {
    const merged = readKubeconfig([first, join(dir, 'missing'), second].join(delimiter));
    expect(merged.files).toEqual([first, second]);
    expect(merged.current).toBe('prod');
    expect([...merged.contexts.keys()]).toEqual(['prod', 'eks', 'broken', 'tools']);
    expect(merged.clusters.get('shared')?.server).toBe('https://first.example:6443');
    expect(merged.users.get('me')?.token).toBe('first-token');
    expect(merged.contexts.get('prod')?.cluster).toBe('shared');
    expect(merged.origin.users.get('eks-user')).toBe(second);
  });

  it('resolves relative paths against the file that names them, exec commands with a slash too', () => {
    const merged = readKubeconfig([first, second].join(delimiter));
    expect(merged.clusters.get('shared')?.caFile).toBe(join(dir, 'a', 'ca.pem'));
    expect(merged.users.get('tools')?.exec?.command).toBe(join(dir, 'b', 'bin', 'get-token'));
    expect(merged.users.get('eks-user')?.exec?.command).toBe('aws');
  });

  it('selects contexts with errors a user can act on', () => {
    const spec = [first, second].join(delimiter);
    expect(loadContext(spec, 'eks').cluster.server).toBe('https://eks.example');
    expect(() => loadContext(spec, 'staging')).toThrow(
      /Context "staging" is not in the kubeconfig files .* \(it has: prod, eks, broken, tools\)/,
    );
    expect(() => loadContext(spec, 'broken')).toThrow('Context "broken" names cluster "nowhere"');
    expect(() => loadContext(join(dir, 'nope'))).toThrow(/Cannot read kubeconfig .*nope/);
    expect(contextNamespace(spec, 'prod')).toBe('gitlab-runner');
    expect(contextNamespace(spec, 'eks')).toBeUndefined();
  });

  it('uses all of KUBECONFIG, not just its first file', () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = [first, second].join(delimiter);
    try {
      expect(defaultKubeconfigPath()).toBe(process.env.KUBECONFIG);
      expect(defaultKubeconfigPath('/explicit')).toBe('/explicit');
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('lists contexts for the wizard with their exec plugins, without contacting a cluster', async () => {
    const approvals = memoryApprovalStore();
    const list = await listContexts([first, second].join(delimiter), { approvals });
    expect(list.current).toBe('prod');
    const eks = list.contexts.find((c) => c.name === 'eks');
    expect(eks).toMatchObject({ cluster: 'eks-cluster', user: 'eks-user', server: 'https://eks.example' });
    expect(eks?.exec).toEqual({
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'prod'],
      commandLine: 'AWS_PROFILE=ci aws eks get-token --cluster-name prod',
      approved: false,
    });
    const prod = list.contexts.find((c) => c.name === 'prod');
    expect(prod).toMatchObject({ namespace: 'gitlab-runner', user: 'me' });
    expect(prod?.exec).toBeUndefined();
  });
});
