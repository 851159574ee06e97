import { join } from 'node:path';
import { analyze } from '../diagnosis/analyze';
import { EvidenceStore } from '../evidence/store';
import { storeReader } from '../evidence/store-reader';
import { collectAll, type CollectOutcome, type CollectPlan } from '../collect/collect';
import type { ProgressFn } from '../collect/progress';
import type { DemoLab } from '../demo-lab/lab';
import { newSessionId, type Session } from './session';

/** The collection plan that points every collector at the demo lab. */
export function demoPlan(lab: DemoLab): CollectPlan {
  return {
    kube: lab.namespaces.map((namespace) => ({ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace })),
    gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile },
    ssh: {
      targets: [lab.sshAlias],
      options: {
        sshConfigFile: lab.sshConfigPath,
        knownHostsFiles: [lab.knownHostsPath],
        // The lab's own file, so trying the demo never touches the user's known hosts.
        appKnownHostsFile: join(lab.dir, 'app_known_hosts'),
        acceptNewHostKeys: false,
        agentSocket: null,
      },
    },
    files: [],
  };
}

/** Collect → redact into a store → analyze. The same path for the CLI and the app. */
export async function collectSession(
  plan: CollectPlan,
  opts: { signal?: AbortSignal; onProgress: ProgressFn },
): Promise<{ session: Session; outcome: CollectOutcome }> {
  const store = await EvidenceStore.create();
  try {
    const outcome = await collectAll(plan, store, opts);
    const reader = storeReader(store);
    const analysis = await analyze(reader);
    const session: Session = {
      id: newSessionId(),
      origin: 'collected',
      reader,
      analysis,
      files: store.files(),
      errors: store.errors(),
      sources: store.sources(),
      redactionSummary: store.redactor.summary(),
      store,
      dispose: () => store.dispose(),
    };
    return { session, outcome };
  } catch (err) {
    await store.dispose();
    throw err;
  }
}
