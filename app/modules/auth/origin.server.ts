import { getEnv } from "~/env.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The site's own origin: BASE_URL when configured, else the protocol and Host header of the
 * request. X-Forwarded-Host is never trusted: a browser cannot set it, an attacker's script can.
 */
function expectedOrigin(input: { protocol: string; host: string | null | undefined }) {
  const base = getEnv().BASE_URL;
  if (base) return new URL(base).origin;
  if (!input.host) return null;
  return `${input.protocol}://${input.host}`;
}

/**
 * CSRF defence for every state-changing request: the Origin header (or, when a browser leaves
 * it out, the Referer) must be the site's origin. A request with neither is refused.
 */
export function isSameOriginRequest(input: {
  method: string;
  origin: string | null | undefined;
  referer: string | null | undefined;
  protocol: string;
  host: string | null | undefined;
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  const expected = expectedOrigin(input);
  if (!expected) return false;
  if (input.origin) return input.origin === expected;
  if (input.referer) {
    try {
      return new URL(input.referer).origin === expected;
    } catch {
      return false;
    }
  }
  return false;
}

export function isSameOriginFetchRequest(request: Request) {
  const url = new URL(request.url);
  return isSameOriginRequest({
    method: request.method,
    origin: request.headers.get("origin"),
    referer: request.headers.get("referer"),
    protocol: url.protocol.replace(/:$/, ""),
    host: request.headers.get("host") ?? url.host,
  });
}
