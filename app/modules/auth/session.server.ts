import { eq, inArray, lt } from "drizzle-orm";
import { generateIdFromEntropySize, type Session, type User } from "lucia";
import { sessions } from "../../../db/schema";
import { getDb, getSqlite, isDatabaseBusy, type DbOrTx } from "~/db.server";
import { lucia, SESSION_COOKIE, SESSION_LIMITS } from "./lucia.server";
import { nowSeconds } from "~/utils/time";

export type SessionUser = User;
export type AuthSession = Session;

function readSessionId(request: Request) {
  try {
    return lucia().readSessionCookie(request.headers.get("cookie") ?? "");
  } catch {
    // lucia decodes every cookie of the header; one with broken percent-encoding (any site on the
    // same host may set it) makes it throw. No session, not a 500.
    return null;
  }
}

/**
 * A new session written with `db`, which may be the caller's transaction (a password change
 * rotates the session with the new hash): the row lucia's adapter would write, and its Set-Cookie
 * header.
 */
export function createSessionIn(db: DbOrTx, { userId }: { userId: string }): { session: Session; cookie: string } {
  const now = nowSeconds();
  const id = generateIdFromEntropySize(25);
  const expiresAt = now + SESSION_LIMITS.member.idle;
  db.insert(sessions).values({ id, userId, expiresAt, createdAt: now, lastActiveAt: now }).run();
  const session: Session = { id, userId, fresh: true, expiresAt: new Date(expiresAt * 1000), createdAt: now, lastActiveAt: now };
  return { session, cookie: lucia().createSessionCookie(id).serialize() };
}

/** A fresh session id at every sign-in (no fixation); returns the Set-Cookie header. */
export async function createUserSession({ userId }: { userId: string }) {
  return createSessionIn(getDb(), { userId });
}

export function blankSessionCookie() {
  return lucia().createBlankSessionCookie().serialize();
}

export async function invalidateSession({ sessionId }: { sessionId: string }) {
  await lucia().invalidateSession(sessionId);
}

/**
 * The signed-in user of a request, or null. Enforces, beyond lucia's expiry, the idle and the
 * absolute limits of the user's role and refuses disabled users. `setCookie` is a header to send
 * when lucia extended the session or it ended.
 */
type SessionLookup = { user: User; session: Session; setCookie?: string } | { user: null; session: null; setCookie?: string };

// Remix hands each loader of a page its own copy of the Request but the same load context: the
// session is looked up once per page, keyed by that context (and by the session id, should a
// context ever serve two requests). Only for GET and HEAD, where nothing changes the session in
// between; an action's later lookups see what it changed.
const lookups = new WeakMap<object, Map<string, Promise<SessionLookup>>>();

export function getSessionUser(request: Request, context?: object): Promise<SessionLookup> {
  if (!context || (request.method !== "GET" && request.method !== "HEAD")) return lookUpSession(request);
  let ofContext = lookups.get(context);
  if (!ofContext) {
    ofContext = new Map();
    lookups.set(context, ofContext);
  }
  const key = readSessionId(request) ?? "";
  let lookup = ofContext.get(key);
  if (!lookup) {
    lookup = lookUpSession(request);
    ofContext.set(key, lookup);
  }
  return lookup;
}

async function lookUpSession(request: Request): Promise<SessionLookup> {
  const sessionId = readSessionId(request);
  if (!sessionId) return { user: null, session: null };
  const { session, user } = await lucia().validateSession(sessionId);
  if (!session || !user) return { user: null, session: null, setCookie: blankSessionCookie() };

  const now = nowSeconds();
  const limits = SESSION_LIMITS[user.role];
  if (user.disabledAt || now - session.lastActiveAt > limits.idle || now - session.createdAt > limits.absolute) {
    await lucia().invalidateSession(session.id);
    return { user: null, session: null, setCookie: blankSessionCookie() };
  }
  // Activity is written at most once a minute: enough precision for idle limits of hours. It is a
  // best effort that never waits on another process's write lock: better-sqlite3 waits in the
  // thread that serves every request, and a page that only reads works during the lock (WAL). A
  // missed touch leaves the previous minute's time.
  if (now - session.lastActiveAt >= 60) {
    const sqlite = getSqlite();
    const timeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
    sqlite.pragma("busy_timeout = 0");
    try {
      getDb().update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, session.id)).run();
    } catch (err) {
      if (!isDatabaseBusy(err)) throw err;
    } finally {
      sqlite.pragma(`busy_timeout = ${timeout}`);
    }
  }
  return { user, session, setCookie: session.fresh ? lucia().createSessionCookie(session.id).serialize() : undefined };
}

export function hasSessionCookie(cookieHeader: string | undefined) {
  return !!cookieHeader && cookieHeader.includes(`${SESSION_COOKIE}=`);
}

/** Removes sessions past lucia's expiry or their role's absolute limit. Run periodically. */
export async function deleteExpiredSessions() {
  await lucia().deleteExpiredSessions();
  const cutoff = nowSeconds() - SESSION_LIMITS.member.absolute;
  getDb().delete(sessions).where(lt(sessions.createdAt, cutoff)).run();
}

/**
 * Ends every session of these users at once (a suspended company's people, say). Takes the
 * caller's transaction, so the sessions end exactly when the change that ends them is written.
 */
export function endSessionsOfUsers(db: Pick<ReturnType<typeof getDb>, "delete">, { userIds }: { userIds: string[] }) {
  if (userIds.length === 0) return;
  db.delete(sessions).where(inArray(sessions.userId, userIds)).run();
}
