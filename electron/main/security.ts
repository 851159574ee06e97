import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl, isExternalDocLink, type AppUrl } from './app-url';

/**
 * Electron security checklist (electron docs tutorial/security.md): no navigation away from the
 * app, no new windows (https links go to the system browser), no webviews, no permissions except writing to the clipboard from our own
 * pages ("Copy report to clipboard").
 */
export function applySecurityRestrictions(appUrl: AppUrl): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const blockForeign = (event: Electron.Event, url: string): void => {
      if (!isAppUrl(url, appUrl)) event.preventDefault();
    };
    contents.on('will-navigate', blockForeign);
    contents.on('will-redirect', blockForeign);
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url, appUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // A finding's references (https links with target=_blank) open in the user's browser, never in the app.
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalDocLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write' && isAppUrl(contents.getURL(), appUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permission === 'clipboard-sanitized-write' && isAppUrl(requestingOrigin, appUrl);
  });
}
