// Where to send the browser after a form, when the form says where: the only place a redirect
// target from user input is checked. Browsers read a Location header with the WHATWG URL parser,
// which drops what a naive check looks past — leading and trailing control characters and
// spaces, tabs and line breaks anywhere, and backslashes it reads as slashes — so
// `/%09/evil.example` (a tab) or `/\evil.example` is `//evil.example` to the browser: another
// site. This check reads the value the same way first, resolves it against a placeholder origin
// and keeps only what stays on it, as the path, query and fragment the parser produced.

const PLACEHOLDER = "http://bridge.invalid";
const MAX_LENGTH = 2048;

/** What the URL parser does to a string before it reads it (for http and https URLs). */
function normaliseLikeBrowser(value: string) {
  return value
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "")
    .replace(/[\t\n\r]/g, "")
    .replace(/\\/g, "/");
}

/**
 * A redirect target from user input: a same-origin absolute path (with its query and fragment),
 * else `fallback`. The result never leaves the site, however a browser resolves it.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > MAX_LENGTH) return fallback;
  const path = normaliseLikeBrowser(to);
  // An absolute path only: not a scheme, not a relative path, not a protocol-relative `//host`.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(path, PLACEHOLDER);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER) return fallback;
  const out = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can leave an empty first segment (`/.//host` is the path `//host`): as a
  // Location that is another host again.
  if (out.startsWith("//") || new URL(out, PLACEHOLDER).origin !== PLACEHOLDER) return fallback;
  return out;
}

/** A carriage return or line feed in a submitted target: someone writing headers, not a link. */
export function hasLineBreak(to: FormDataEntryValue | string | null | undefined) {
  return typeof to === "string" && /[\r\n]/.test(to);
}

/**
 * The `redirectTo` field of a form, checked; a line break in it is a client's mistake (400), not
 * something to clean up silently.
 */
export function redirectToOf(form: FormData, fallback = "/"): string {
  const to = form.get("redirectTo");
  if (hasLineBreak(to)) {
    throw new Response("Bad request: the redirect target holds a line break.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return safeRedirect(to, fallback);
}
