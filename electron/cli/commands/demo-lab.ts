import { startDemoLab } from '../../core/demo-lab/lab';
import { cliText } from '../language';
import { say } from '../terminal';

/** `demo-lab`: start the lab and print how to connect; stop on Ctrl-C. */
export async function demoLabCommand(): Promise<number> {
  const lab = await startDemoLab();
  const text = cliText();
  // "Try:" and "Fix:" start their commands at one column; a command's next lines indent under it.
  const [tryLabel, fixLabel] = [text('demo.try'), text('demo.fix')];
  const width = Math.max(tryLabel.length, fixLabel.length);
  const under = ' '.repeat(width + 3);
  say(
    [
      text('demo.running'),
      ...lab.scenarios.map((s) => `  ${text('demo.seed', { seed: s.seed, title: s.title })}`),
      '',
      `Kubernetes:  KUBECONFIG=${lab.kubeconfigPath} ${text('demo.kube', { context: lab.kubeContext, namespace: lab.namespace })}`,
      `SSH:         --ssh ${lab.sshAlias} --ssh-config ${lab.sshConfigPath} --known-hosts ${lab.knownHostsPath}`,
      `GitLab:      --gitlab-url ${lab.gitlab.url} --gitlab-ca-file ${lab.gitlab.caFile}`,
      `             GITLAB_TOKEN=${lab.gitlab.token}   ${text('demo.labToken')}`,
      '',
      `${tryLabel.padEnd(width)} KUBECONFIG=${lab.kubeconfigPath} kubectl get pods -n ${lab.namespace}`,
      `${fixLabel.padEnd(width)} GITLAB_TOKEN=${lab.gitlab.token} runner-doctor fix job-stuck-running --plan \\`,
      `${under}--kubeconfig ${lab.kubeconfigPath} --kube-context ${lab.kubeContext} --namespace ${lab.namespace} \\`,
      `${under}--gitlab-url ${lab.gitlab.url} --gitlab-ca-file ${lab.gitlab.caFile}`,
      `${' '.repeat(width + 1)}${text('demo.otherNamespaces', { list: lab.namespaces.filter((n) => n !== lab.namespace).join(', ') })}`,
      text('demo.stop'),
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.stop();
  say(`${text('demo.stopped')}\n`);
  return 0;
}
