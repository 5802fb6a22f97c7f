import { redirect, type AppLoadContext } from "@remix-run/node";
import type { User } from "lucia";
import { isStaffRole } from "./roles";
import { isSameOriginFetchRequest } from "./origin.server";
import { getSessionUser, type AuthSession } from "./session.server";
import { mustEnrolTotp } from "./totp.server";

// Guards are the first line of every loader and action that needs a user. They throw Responses,
// which Remix turns into redirects or the error boundary. They take the load context too: a
// page's loaders share it, and with it one session lookup. Non-GET requests also pass the Origin
// check here, so an action is protected even if it is ever served without server.ts.

function assertSameOrigin(request: Request) {
  if (!isSameOriginFetchRequest(request)) {
    throw new Response("Cross-origin request refused", { status: 403 });
  }
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  return redirect(`/login?${params}`);
}

export async function getOptionalUser(request: Request, context: AppLoadContext) {
  return (await getSessionUser(request, context)).user;
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<{ user: User; session: AuthSession }> {
  assertSameOrigin(request);
  const { user, session } = await getSessionUser(request, context);
  if (!user || !session) throw loginRedirect(request);
  // A one-time password (staff:create) is good for one thing only: choosing a real one.
  const path = new URL(request.url).pathname;
  const accountOrLogout = path === "/account" || path === "/logout";
  if (user.mustChangePassword && !accountOrLogout) throw redirect("/account");
  // When the council requires two-factor sign-in of staff, setting it up comes before any work.
  if (!accountOrLogout && mustEnrolTotp(user)) throw redirect("/account#two-factor");
  return { user, session };
}

export async function requireStaff(request: Request, context: AppLoadContext) {
  const auth = await requireUser(request, context);
  if (!isStaffRole(auth.user.role)) throw new Response("Forbidden", { status: 403 });
  return auth;
}

/**
 * For what reaches other firms (asking for introductions): the user's e-mail address must be
 * confirmed. Unconfirmed users are sent to their account page, where the banner offers a new link.
 */
export async function requireVerifiedUser(request: Request, context: AppLoadContext) {
  const auth = await requireUser(request, context);
  if (!auth.user.emailVerifiedAt) throw redirect("/account?verification=required");
  return auth;
}

export async function requireAdmin(request: Request, context: AppLoadContext) {
  const auth = await requireUser(request, context);
  if (auth.user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return auth;
}

/** For pages only anonymous visitors need (sign in, sign up): a signed-in user goes home. */
export async function requireAnonymous(request: Request, context: AppLoadContext) {
  assertSameOrigin(request);
  if (await getOptionalUser(request, context)) throw redirect("/");
}
