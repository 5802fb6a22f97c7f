// The guards of what a firm's people do: auth's guards, plus the firm's standing. A member of a
// suspended firm may sign in only to read that it is suspended (/suspended, which uses auth's
// guard) and to sign out; every other page and action sends them there. The module functions
// refuse them too (`company_suspended`): this is the page's side of the same rule. Lint keeps
// routes on these guards (eslint.config.js).
import { redirect, type AppLoadContext } from "@remix-run/node";
import { getOptionalUser, requireUser, requireVerifiedUser } from "~/modules/auth/guards.server";
import { getMembership } from "./companies.server";

function assertFirmInGoodStanding(user: { id: string; role: string }) {
  if (user.role === "member" && getMembership({ userId: user.id })?.suspended) throw redirect("/suspended");
}

/**
 * For pages anyone may see (the landing page, where sign-in ends by default): a signed-in member
 * of a suspended firm is sent to /suspended instead. Says whether the visitor is a member
 * without a firm yet, whose next step is to create its profile or be invited to it.
 */
export async function redirectSuspendedMember(request: Request, context: AppLoadContext): Promise<{ withoutFirm: { name: string; email: string } | null }> {
  const user = await getOptionalUser(request, context);
  if (!user) return { withoutFirm: null };
  assertFirmInGoodStanding(user);
  return { withoutFirm: user.role === "member" && getMembership({ userId: user.id }) === null ? { name: user.name, email: user.email } : null };
}

/** A signed-in user whose firm (if any) is not suspended. */
export async function requireActiveUser(request: Request, context: AppLoadContext) {
  const auth = await requireUser(request, context);
  assertFirmInGoodStanding(auth.user);
  return auth;
}

/** As requireActiveUser, with a confirmed e-mail address (for what reaches other firms). */
export async function requireActiveVerifiedUser(request: Request, context: AppLoadContext) {
  const auth = await requireVerifiedUser(request, context);
  assertFirmInGoodStanding(auth.user);
  return auth;
}
