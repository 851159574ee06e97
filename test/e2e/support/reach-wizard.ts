import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { writeReachKubeconfig, type ReachKubeconfig } from '../../helpers/kube/reach-kubeconfig';
import { startBrowserApp, type BrowserApp } from './browser-app';
import { launchChromium, type Browser } from './chromium';

export interface ReachWizard {
  lab: DemoLab;
  app: BrowserApp;
  browser: Browser;
  dir: string;
  reach: ReachKubeconfig;
}

/**
 * For a describe block: the demo lab, a realistic kubeconfig beside it (one context that answers,
 * one for each way a context fails) as kubectl's KUBECONFIG, the app behind the bridge and a browser.
 */
export function useReachWizard(prefix: string, current?: string): ReachWizard {
  const w = {} as ReachWizard;
  const savedKubeconfig = process.env.KUBECONFIG;
  beforeAll(async () => {
    w.lab = await startDemoLab();
    w.dir = await mkdtemp(path.join(tmpdir(), prefix));
    w.reach = await writeReachKubeconfig(w.lab.kubeconfigPath, w.dir, current ? { current } : {});
    process.env.KUBECONFIG = w.reach.path;
    w.app = await startBrowserApp({ configDir: path.join(w.dir, 'config'), home: path.join(w.dir, 'home') });
    w.browser = await launchChromium();
  });
  afterAll(async () => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    await w.browser?.close();
    await w.app?.stop();
    await w.reach?.close();
    await w.lab?.stop();
    if (w.dir) await rm(w.dir, { recursive: true, force: true });
  });
  return w;
}
