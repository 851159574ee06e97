import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { startLabCluster, type LabCluster } from './lab-cluster';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { KubeClient } from '../../../electron/core/kube/kube-client';
import {
  ExecApprovalRequiredError,
  fileApprovalStore,
  memoryApprovalStore,
  type ExecApprovalRequest,
} from '../../../electron/core/kube/exec-approval';
import { loginShellPath } from '../../../electron/core/kube/login-path';
import { ExecPluginError } from '../../../electron/core/kube/exec-credential';
import { listContexts } from '../../../electron/core/kube/contexts';

let lab: LabCluster;
let kubeconfig: string;
let loginBin: string;
let countFile: string;
let infoFile: string;
/** The plugin's folder plus the system's, as a login shell would give. */
let pluginPath: string;

/** A credential plugin like `aws eks get-token`: prints an ExecCredential, records each run. */
const PLUGIN = `#!/bin/sh
echo run >> "$COUNT_FILE"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_FILE"
printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"%s","expirationTimestamp":"%s"}}' "$LAB_TOKEN" "$(date -u -d @$(( $(date +%s) + $TTL )) +%Y-%m-%dT%H:%M:%SZ)"
`;

async function writeKubeconfig(args: string[], ttl: number): Promise<void> {
  await writeFile(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'eks',
      clusters: [
        { name: 'lab', cluster: { server: lab.server.url, 'certificate-authority-data': Buffer.from(lab.tls.caPem).toString('base64') } },
      ],
      users: [
        {
          name: 'eks-user',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: 'lab-get-token',
              args,
              env: [
                { name: 'LAB_TOKEN', value: lab.adminToken },
                { name: 'COUNT_FILE', value: countFile },
                { name: 'INFO_FILE', value: infoFile },
                { name: 'TTL', value: String(ttl) },
              ],
              provideClusterInfo: true,
              installHint: 'Install lab-get-token from the lab kit.',
            },
          },
        },
      ],
      contexts: [{ name: 'eks', context: { cluster: 'lab', user: 'eks-user', namespace: 'gitlab-runner' } }],
    }),
  );
}

const runs = async () => (await readFile(countFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

beforeAll(async () => {
  lab = await startLabCluster([seed000JobTokenExpired]);
  kubeconfig = join(lab.dir, 'eks-kubeconfig');
  loginBin = join(lab.dir, 'login-bin');
  countFile = join(lab.dir, 'runs');
  infoFile = join(lab.dir, 'exec-info');
  pluginPath = [loginBin, '/usr/bin', '/bin'].join(delimiter);
  await mkdir(loginBin);
  await writeFile(join(loginBin, 'lab-get-token'), PLUGIN);
  await chmod(join(loginBin, 'lab-get-token'), 0o755);
  // A login shell whose profile adds a folder to PATH, as Homebrew or ~/.local/bin setups do.
  await writeFile(join(lab.dir, 'login-shell'), `#!/bin/sh\nPATH="${loginBin}:$PATH"\nexport PATH\nexec /bin/sh -c "$2"\n`);
  await chmod(join(lab.dir, 'login-shell'), 0o755);
  await writeKubeconfig(['eks', 'get-token', '--cluster-name', 'lab'], 3600);
});

afterAll(async () => {
  await lab.stop();
});

describe('kubeconfig exec credential plugins', () => {
  it('finds programs on the login shell’s PATH, which a GUI app does not inherit', async () => {
    const guiPath = '/usr/bin:/bin';
    const path = await loginShellPath({ shell: join(lab.dir, 'login-shell'), env: { ...process.env, PATH: guiPath } });
    expect(path.split(delimiter)).toEqual([loginBin, '/usr/bin', '/bin']);
    const broken = await loginShellPath({ shell: '/nonexistent/shell', env: { PATH: guiPath } });
    expect(broken).toBe(guiPath);
  });

  it('refuses to run a plugin nobody approved, showing the exact command', async () => {
    const approvals = memoryApprovalStore();
    const err = await KubeClient.connect(kubeconfig, undefined, { approvals, pathValue: pluginPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecApprovalRequiredError);
    // Values of secret-looking variables are not shown (the prompt and errors may be logged).
    expect((err as Error).message).toContain('LAB_TOKEN=<hidden> COUNT_FILE=');
    expect((err as Error).message).not.toContain(lab.adminToken);
    expect((err as ExecApprovalRequiredError).request.commandLine).toContain('lab-get-token eks get-token --cluster-name lab');
    expect(await runs()).toBe(0);
    const declined = await KubeClient.connect(kubeconfig, undefined, {
      approvals,
      approve: async () => false,
      pathValue: pluginPath,
    }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(ExecApprovalRequiredError);
    expect(await runs()).toBe(0);
  });

  it('runs an approved plugin once per credential, remembers the yes, and passes KUBERNETES_EXEC_INFO', async () => {
    const approvals = fileApprovalStore(join(lab.dir, 'approvals.json'));
    const asked: ExecApprovalRequest[] = [];
    const client = await KubeClient.connect(kubeconfig, undefined, {
      approvals,
      approve: async (r) => (asked.push(r), true),
      pathValue: pluginPath,
    });
    try {
      const pods = await client.list('/api/v1/namespaces/gitlab-runner/pods');
      expect(pods.items).toHaveLength(2);
      await client.json('/version');
      expect(await runs()).toBe(1);
    } finally {
      await client.close();
    }
    expect(asked).toHaveLength(1);
    const info = JSON.parse(await readFile(infoFile, 'utf8'));
    expect(info).toMatchObject({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: { interactive: false, cluster: { server: lab.server.url } },
    });
    // A new run (the file store persists) needs no question.
    const again = await KubeClient.connect(kubeconfig, undefined, {
      approvals: fileApprovalStore(join(lab.dir, 'approvals.json')),
      pathValue: pluginPath,
    });
    await again.close();
    const listed = await listContexts(kubeconfig, { approvals: fileApprovalStore(join(lab.dir, 'approvals.json')) });
    expect(listed.contexts[0]?.exec?.approved).toBe(true);
    // A changed command line is a new question.
    await writeKubeconfig(['eks', 'get-token', '--cluster-name', 'other'], 3600);
    await expect(
      KubeClient.connect(kubeconfig, undefined, { approvals: fileApprovalStore(join(lab.dir, 'approvals.json')), pathValue: pluginPath }),
    ).rejects.toBeInstanceOf(ExecApprovalRequiredError);
    await writeKubeconfig(['eks', 'get-token', '--cluster-name', 'lab'], 3600);
  });

  it('runs the plugin again when its credential is about to expire', async () => {
    await writeKubeconfig(['eks', 'get-token', '--cluster-name', 'lab'], 5);
    const before = await runs();
    const approvals = memoryApprovalStore();
    const client = await KubeClient.connect(kubeconfig, undefined, { approvals, approve: async () => true, pathValue: pluginPath });
    try {
      await client.json('/version');
      await client.json('/version');
    } finally {
      await client.close();
      await writeKubeconfig(['eks', 'get-token', '--cluster-name', 'lab'], 3600);
    }
    expect((await runs()) - before).toBe(3);
  });

  it('says clearly when the program is missing', async () => {
    const err = await KubeClient.connect(kubeconfig, undefined, {
      approvals: memoryApprovalStore(),
      approve: async () => true,
      pathValue: '/usr/bin:/bin',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecPluginError);
    expect((err as Error).message).toBe(
      'The kubeconfig runs "lab-get-token" to get credentials, but it was not found on PATH (searched the login shell\'s PATH: /usr/bin:/bin). Install lab-get-token from the lab kit.',
    );
  });
});
