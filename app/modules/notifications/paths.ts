// The two paths that server.ts treats differently from every other. Kept narrow on purpose.

const UNSUBSCRIBE_PATH = "/unsubscribe";

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs to the List-Unsubscribe address from its
 * own servers, with neither Origin nor Referer, so the site's Origin check cannot apply. The
 * signed token in the address is the protection. Only this exact path and method are exempt.
 */
export function isOneClickUnsubscribe(method: string, path: string) {
  return method === "POST" && path === UNSUBSCRIBE_PATH;
}

/**
 * The mail log's preview of a message's HTML. Its route sends its own, stricter Content-Security-
 * Policy (no script at all, sandboxed, framed by the mail log only) instead of the site's.
 */
export function isMailPreviewPath(path: string) {
  return /^\/admin\/mail\/\d+\/preview$/.test(path);
}
