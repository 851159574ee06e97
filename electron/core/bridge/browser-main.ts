import { createAppService, type AppServiceOptions } from '../app/service';
import { builtLogScanWorker, useLogScanWorkers } from '../diagnosis/scan/log-scan-module';
import { createBrowserHost } from './browser-host';
import { Transfers } from './transfers';
import { startBridge, type BridgeHandle } from './ws-bridge-server';

export { logScanWorkerStats } from '../diagnosis/scan/log-scan-pool';

export interface BrowserModeOptions {
  rendererDir: string;
  /** The app's data directory and the like (default: the user's). */
  service?: AppServiceOptions;
}

export interface BrowserModeHost {
  bridge: BridgeHandle;
  /** Stops the bridge, the demo lab and running collections, and removes transfers. */
  stop(): Promise<void>;
}

/** The real handlers behind the loopback bridge (build/browser-mode.mjs bundles this file). */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserModeHost> {
  // The log scan's byte pass runs on worker threads, from the file the build writes beside
  // this bundle (build/browser-mode-build.mjs), not on the thread that answers the page.
  useLogScanWorkers(builtLogScanWorker(import.meta.url));
  // Open and save go through the page: its file picker uploads, "Save bundle…" downloads.
  const transfers = await Transfers.create();
  const service = createAppService(createBrowserHost({ transfers }), options.service);
  const bridge = await startBridge({ handlers: service.handlers, rendererDir: options.rendererDir, transfers });
  return {
    bridge,
    stop: async () => {
      await Promise.allSettled([bridge.close(), service.dispose(), transfers.dispose()]);
    },
  };
}

/** `npm run dev:browser`: the browser-mode host until Ctrl-C. */
export async function runBrowserMode(options: BrowserModeOptions): Promise<BridgeHandle> {
  const host = await startBrowserMode(options);
  // Stop the demo lab and running collections too, not only the bridge.
  const stop = (): void => {
    void host.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host.bridge;
}
