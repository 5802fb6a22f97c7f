// The only file that imports lucia (deprecated upstream): replacing it touches this folder only.
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { sessions, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import type { Role } from "./roles";

export const SESSION_COOKIE = "bridge_session";

/** Idle and absolute lifetimes, in seconds. Staff hold more power, so their sessions are shorter. */
export const SESSION_LIMITS: Record<Role, { idle: number; absolute: number }> = {
  member: { idle: 7 * 24 * 3600, absolute: 30 * 24 * 3600 },
  staff: { idle: 2 * 3600, absolute: 12 * 3600 },
  admin: { idle: 2 * 3600, absolute: 12 * 3600 },
};

let instance: ReturnType<typeof createLucia> | undefined;

function createLucia() {
  const adapter = new DrizzleSQLiteAdapter(getDb(), sessions, users);
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(SESSION_LIMITS.member.idle, "s"),
    sessionCookie: {
      name: SESSION_COOKIE,
      attributes: { secure: getEnv().NODE_ENV === "production", sameSite: "lax" },
    },
    getSessionAttributes: (a) => ({ createdAt: a.createdAt, lastActiveAt: a.lastActiveAt }),
    getUserAttributes: (a) => ({
      email: a.email,
      name: a.name,
      role: a.role,
      locale: a.locale,
      mustChangePassword: a.mustChangePassword,
      emailVerifiedAt: a.emailVerifiedAt,
      disabledAt: a.disabledAt,
      totpEnabledAt: a.totpEnabledAt,
    }),
  });
}

export function lucia() {
  instance ??= createLucia();
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { createdAt: number; lastActiveAt: number };
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: Role;
      locale: string;
      mustChangePassword: boolean;
      emailVerifiedAt: number | null;
      disabledAt: number | null;
      totpEnabledAt: number | null;
    };
  }
}
