import type { Config } from './config.js';

export const HOSTED_SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/** Origins allowed for CORS and the WebSocket upgrade, besides the server's own. */
export function allowedOrigins(config: Config): string[] {
  return [...config.corsOrigins, ...(config.isProduction ? [] : [HOSTED_SANDBOX_ORIGIN])];
}

/**
 * Browsers send Origin on every WebSocket upgrade; non-browser clients usually send none and carry a token anyway.
 * Same-origin pages (the bundled web app, the embedded Sandbox) are always allowed; in development, so is any localhost origin.
 */
export function isOriginAllowed(config: Config, origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  const list = allowedOrigins(config);
  if (list.includes('*') || list.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host && url.host === host) return true;
  if (!config.isProduction && (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]')) return true;
  return false;
}
