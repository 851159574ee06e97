import { dialog, type BrowserWindow } from 'electron';
import type { HostServices } from '../core/app/handler-types';

const BUNDLE_FILTERS = [{ name: 'Runner Doctor bundle', extensions: ['zip'] }];

/** Native dialogs, attached to the app window when there is one so they are modal to it. */
export function createElectronHost(getWindow: () => BrowserWindow | undefined): HostServices {
  return {
    shell: 'electron',
    async chooseSavePath(defaultName) {
      const win = getWindow();
      const options = { title: 'Save evidence bundle', defaultPath: defaultName, filters: BUNDLE_FILTERS };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
    async chooseOpenPath() {
      const win = getWindow();
      const options = {
        title: 'Open evidence bundle',
        filters: BUNDLE_FILTERS,
        properties: ['openFile' as const],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
