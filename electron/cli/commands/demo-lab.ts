import { startDemoLab } from '../../core/demo-lab/lab';
import { say } from '../terminal';

/** `demo-lab`: start the lab and print how to connect; stop on Ctrl-C. */
export async function demoLabCommand(): Promise<number> {
  const lab = await startDemoLab();
  say(
    [
      'Runner Doctor demo lab is running on 127.0.0.1. Reproduced incidents:',
      ...lab.scenarios.map((s) => `  seed ${s.seed}: ${s.title}`),
      '',
      `Kubernetes:  KUBECONFIG=${lab.kubeconfigPath} (context ${lab.kubeContext}, namespace ${lab.namespace})`,
      `SSH:         --ssh ${lab.sshAlias} --ssh-config ${lab.sshConfigPath} --known-hosts ${lab.knownHostsPath}`,
      `GitLab:      --gitlab-url ${lab.gitlab.url} --gitlab-ca-file ${lab.gitlab.caFile}`,
      `             GITLAB_TOKEN=${lab.gitlab.token}   (a token of this lab only)`,
      '',
      `Try: KUBECONFIG=${lab.kubeconfigPath} kubectl get pods -n ${lab.namespace}`,
      `Fix: GITLAB_TOKEN=${lab.gitlab.token} runner-doctor fix job-stuck-running --plan \\`,
      `       --kubeconfig ${lab.kubeconfigPath} --kube-context ${lab.kubeContext} --namespace ${lab.namespace} \\`,
      `       --gitlab-url ${lab.gitlab.url} --gitlab-ca-file ${lab.gitlab.caFile}`,
      `     (other namespaces: ${lab.namespaces.filter((n) => n !== lab.namespace).join(', ')}; see docs/fixes.md)`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.stop();
  say('Demo lab stopped.\n');
  return 0;
}
