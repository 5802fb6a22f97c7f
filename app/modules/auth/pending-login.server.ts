// Between the password and the two-factor code a user has no session, only this cookie: it names
// the user whose password was right, is signed (HMAC-SHA256 under a key derived from the app
// secret) and is good for five minutes, a limit written inside the signed value so a kept copy of
// the cookie is worthless after it. It travels to /login pages only.
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "~/env.server";
import { appSecret } from "~/secret.server";
import { safeRedirect } from "~/utils/redirect";

export const PENDING_LOGIN_COOKIE = "bridge_2fa";
const PENDING_LOGIN_SECONDS = 5 * 60;

function signingKey() {
  return Buffer.from(crypto.hkdfSync("sha256", appSecret(), Buffer.alloc(0), "bridge:pending-login:v1", 32)).toString("hex");
}

function cookie(request: Request) {
  return createCookie(PENDING_LOGIN_COOKIE, {
    path: "/login",
    httpOnly: true,
    sameSite: "lax",
    secure: new URL(request.url).protocol === "https:" || getEnv().NODE_ENV === "production",
    maxAge: PENDING_LOGIN_SECONDS,
    secrets: [signingKey()],
  });
}

const payloadSchema = z.strictObject({ userId: z.string().min(1), redirectTo: z.string(), expiresAt: z.number() });

/** The Set-Cookie header that starts the wait for a code. */
export function startPendingLogin(request: Request, input: { userId: string; redirectTo: string; now?: number }) {
  const expiresAt = (input.now ?? Date.now()) + PENDING_LOGIN_SECONDS * 1000;
  return cookie(request).serialize({ userId: input.userId, redirectTo: safeRedirect(input.redirectTo), expiresAt });
}

/** Whose code this browser may enter, and where to go after; null when absent, altered or expired. */
export async function readPendingLogin(request: Request, now = Date.now()): Promise<{ userId: string; redirectTo: string } | null> {
  const parsed = payloadSchema.safeParse(await cookie(request).parse(request.headers.get("cookie")));
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  // Checked again on the way out: the cookie is signed, but the target stays a path on this site
  // whoever wrote it.
  return { userId: parsed.data.userId, redirectTo: safeRedirect(parsed.data.redirectTo) };
}

/** The Set-Cookie header that ends the wait (after the code, or when it is over). */
export function endPendingLogin(request: Request) {
  return cookie(request).serialize("", { maxAge: 0 });
}
