// Real rows for tests, written through the same module functions the app uses.
import { createUserSession } from "~/modules/auth/session.server";
import { createUser } from "~/modules/auth/users.server";
import type { Role } from "~/modules/auth/roles";

let n = 0;

export const TEST_PASSWORD = "correct horse battery staple 42";

export async function makeUser(overrides: { email?: string; name?: string; role?: Role; locale?: string; password?: string } = {}) {
  n += 1;
  const result = await createUser({
    email: overrides.email ?? `user${n}-${Date.now()}@firm.test`,
    name: overrides.name ?? `Test User ${n}`,
    password: overrides.password ?? TEST_PASSWORD,
    locale: overrides.locale ?? "en",
    role: overrides.role ?? "member",
  });
  if (!result.ok) throw new Error(`makeUser: ${result.reason}`);
  return result.user;
}

/** A user with a session, and the Cookie header that carries it. */
export async function signedIn(overrides: Parameters<typeof makeUser>[0] = {}) {
  const user = await makeUser(overrides);
  const { session, cookie } = await createUserSession({ userId: user.id });
  return { user, session, cookie: cookie.split(";")[0] };
}

export const ORIGIN = "http://bridge.test";

/** A request as a browser on this site would send it. */
export function formRequest(path: string, fields: Record<string, string>, init: { cookie?: string; origin?: string } = {}) {
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    host: new URL(ORIGIN).host,
    origin: init.origin ?? ORIGIN,
  };
  if (init.cookie) headers.cookie = init.cookie;
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(fields) });
}

export function getRequest(path: string, init: { cookie?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { host: new URL(ORIGIN).host, ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  return new Request(`${ORIGIN}${path}`, { headers });
}
