import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureRenderer, rendererOutDir } from '../../../build/renderer-build.mjs';
import { createAppService, type AppService, type AppServiceOptions } from '../../../electron/core/app/service';
import { createBrowserHost } from '../../../electron/core/bridge/browser-host';
import { startBridge, type BridgeHandle } from '../../../electron/core/bridge/ws-bridge-server';

export interface BrowserApp {
  bridge: BridgeHandle;
  service: AppService;
  /** Where "Save bundle…" writes in browser mode. */
  saveDir: string;
  /** What "Open a bundle…" opens next (browser mode has no file dialog). */
  setBundleToOpen(path: string | undefined): void;
  stop(): Promise<void>;
}

/** The built renderer behind the bridge with the real handlers, as `npm run dev:browser` runs it. */
export async function startBrowserApp(options: AppServiceOptions = {}): Promise<BrowserApp> {
  await ensureRenderer({ quiet: true });
  const saveDir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-save-'));
  let bundleToOpen: string | undefined;
  const service = createAppService(createBrowserHost({ saveDir, openPath: () => bundleToOpen }), options);
  const bridge = await startBridge({ handlers: service.handlers, rendererDir: rendererOutDir });
  return {
    bridge,
    service,
    saveDir,
    setBundleToOpen: (p) => (bundleToOpen = p),
    stop: async () => {
      await bridge.close();
      await service.dispose();
      await rm(saveDir, { recursive: true, force: true });
    },
  };
}
