/**
 * Where the renderer comes from. Packaged and preview builds use the privileged app:// scheme
 * (a real origin, unlike file://, so CSP 'self' and origin checks mean something); a dev server
 * URL from electron-vite is honoured only in unpackaged development runs.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'runner-doctor';

export interface AppUrl {
  /** What the window loads. */
  entry: string;
  /** Origin every navigation and IPC sender must have. */
  origin: string;
}

export function resolveAppUrl(devServerUrl: string | undefined, isPackaged: boolean): AppUrl {
  if (devServerUrl && !isPackaged) {
    const url = new URL(devServerUrl);
    return { entry: url.href, origin: originOf(url) };
  }
  const origin = `${APP_SCHEME}://${APP_HOST}`;
  return { entry: `${origin}/index.html`, origin };
}

/** True when `url` is a page of our app; malformed URLs are not. */
export function isAppUrl(url: string, app: AppUrl): boolean {
  try {
    return originOf(new URL(url)) === app.origin;
  } catch {
    return false;
  }
}

/**
 * scheme://host[:port]. Node's URL reports the origin of non-special schemes such as app:// as
 * "null" (which would make every such URL look alike), so it is built from its parts.
 */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** Only plain https addresses go to the system browser: no file:, no custom schemes, no credentials in the URL. */
export function isExternalDocLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
