// Requests as the fuzz tests send them to route actions, in-process: a form url-encoded (now and
// then with bytes that are not UTF-8), multipart (files where text belongs), or a body that is no
// form at all; and the action's answer, where a thrown non-Response is what Remix turns into a 500.
import fc from "fast-check";
import { ORIGIN } from "../factories";
import { hostileString, invalidUtf8 } from "./arbitraries";

export type Entry = [string, string | File];

export const encoding = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: "urlencoded" as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: "multipart" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("badBytes" as const), bad: invalidUtf8 }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("notAForm" as const),
      contentType: fc.constantFrom("multipart/form-data; boundary=XyZ", "multipart/form-data", "application/json", "text/plain"),
      body: hostileString,
    }),
  },
);
export type Encoding = typeof encoding extends fc.Arbitrary<infer T> ? T : never;

/**
 * A POST of `entries` to `path`. With "badBytes" the bytes go, percent-encoded and raw, into the
 * value of `badField` (appended when the form has none).
 */
export function postRequest(path: string, entries: Entry[], how: Encoding, init: { cookie?: string; badField?: string } = {}): Request {
  const headers: Record<string, string> = { host: new URL(ORIGIN).host, origin: ORIGIN };
  if (init.cookie) headers.cookie = init.cookie;
  const url = `${ORIGIN}${path}`;
  switch (how.kind) {
    case "multipart": {
      const form = new FormData();
      for (const [k, v] of entries) form.append(k, v);
      return new Request(url, { method: "POST", headers, body: form });
    }
    case "urlencoded":
    case "badBytes": {
      // A file cannot be url-encoded: a browser sends its name. Lone surrogates become U+FFFD, as in a browser.
      const encoded = new URLSearchParams(entries.map(([k, v]) => [k, typeof v === "string" ? v : v.name])).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
      if (how.kind === "urlencoded") return new Request(url, { method: "POST", headers, body: encoded });
      const percent = [...how.bad].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
      const head = new TextEncoder().encode(`${encoded}&${init.badField ?? "x"}=Acme${percent}`);
      return new Request(url, { method: "POST", headers, body: new Uint8Array([...head, ...how.bad]) });
    }
    case "notAForm":
      headers["content-type"] = how.contentType;
      return new Request(url, { method: "POST", headers, body: how.body });
  }
}

/** What the server will read from a request (null: the body is no form), read from a clone before the action runs. */
export function formSeen(request: Request): Promise<FormData | null> {
  return request
    .clone()
    .formData()
    .catch(() => null);
}

export type Answer<D = unknown> = { status: number; location?: string; data?: D; body?: string };

/**
 * Runs an action and says how it answered. A thrown Response (a redirect, a 4xx) is an answer;
 * anything else thrown is rethrown: that is the 500 the properties must never see.
 */
export async function answerOf<D = unknown>(run: () => Promise<unknown>): Promise<Answer<D>> {
  try {
    const result = await run();
    if (result instanceof Response) {
      const body = await result.text();
      return { status: result.status, location: result.headers.get("location") ?? undefined, body };
    }
    const { init, data } = result as { init: { status: number } | null; data: D };
    return { status: init?.status ?? 200, data };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, location: thrown.headers.get("location") ?? undefined, body: await thrown.text() };
  }
}
