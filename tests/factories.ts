// Real rows for tests, written through the same module functions the app uses.
import { eq } from "drizzle-orm";
import { companyMembers, users } from "../db/schema";
import { getDb } from "~/db.server";
import { createUserSession } from "~/modules/auth/session.server";
import { insertCompany } from "~/modules/companies/listing.server";
import { profileDraftSchema, type Profile } from "~/modules/companies/schemas";
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

/** A user whose e-mail address is confirmed (what asking for introductions needs). */
export async function makeVerifiedUser(overrides: Parameters<typeof makeUser>[0] = {}) {
  const user = await makeUser(overrides);
  getDb()
    .update(users)
    .set({ emailVerifiedAt: Math.floor(Date.now() / 1000) })
    .where(eq(users.id, user.id))
    .run();
  return { ...user, emailVerifiedAt: Math.floor(Date.now() / 1000) };
}

/** A signed-in user whose address is confirmed: a member who may ask for introductions. */
export async function signedInVerified(overrides: Parameters<typeof makeUser>[0] = {}) {
  const user = await makeVerifiedUser(overrides);
  const { session, cookie } = await createUserSession({ userId: user.id });
  return { user, session, cookie: cookie.split(";")[0] };
}

let companyN = 0;

/** A complete profile; a Chinese cloud firm unless overridden. */
export function testProfile(overrides: Partial<Profile> = {}): Profile {
  companyN += 1;
  return profileDraftSchema.parse({
    name: `Test Firm ${companyN}`,
    country: "CN",
    city: "Hangzhou",
    sectors: ["cloud"],
    offers: ["cloud.iaas"],
    needs: ["role.distribution"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["ID"],
    languages: ["en"],
    size: "50-249",
    description: "A test firm.",
    contactName: `Contact ${companyN}`,
    contactEmail: `contact${companyN}-${Date.now()}@firm-contact.test`,
    ...overrides,
  }) as Profile;
}

/**
 * An approved, listed company, with `members` (user ids) joined to it; the first is its owner.
 * Returns the company id.
 */
export function makeListedCompany(input: { profile?: Partial<Profile>; members?: string[]; listed?: boolean } = {}) {
  return getDb().transaction((tx) => {
    const listed = input.listed ?? true;
    const id = insertCompany({ status: listed ? "approved" : "pending", profile: testProfile(input.profile), published: listed });
    (input.members ?? []).forEach((userId, i) => {
      tx.insert(companyMembers)
        .values({ userId, companyId: id, role: i === 0 ? "owner" : "member" })
        .run();
    });
    return id;
  });
}

/** What Remix passes a loader or action besides the request: the server's context and the route's params. */
export const ctx = (params: Record<string, string> = {}, clientIp = "10.0.0.1") => ({ context: { cspNonce: "n", clientIp }, params });

/** The Response a loader or action threw (a redirect, a 403, a 404); fails the test when it threw none. */
export async function thrown(p: unknown) {
  try {
    await p;
  } catch (e) {
    return e as Response;
  }
  throw new Error("expected a thrown Response");
}

/** What an action returned with data(): the payload and its status. */
export type Returned<T> = { init: { status?: number } | null; data: T };
export const asData = <T>(r: unknown) => r as Returned<T>;
