// The browser tests' own `test`: every Playwright worker runs its own production server
// (server.ts over the one build of the run) on its own port and its own fresh database, so the
// workers run side by side without seeing each other's rows (docs/decisions/0006). The database
// file is the server's: this process opens the same file (WAL) and writes through the app's own
// modules what a test only needs as a starting point — signed-in members, approved firms —
// while the forms that make them are exercised by tests of their own (auth, companies).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { test as base, expect, type BrowserContext } from "@playwright/test";
import { E2E_ADMIN, E2E_DIR, E2E_ORIGIN, E2E_PORT, E2E_STAFF } from "../../playwright.config";

export { expect };

/** The server's environment: what `npm start` reads in production, on this worker's files and port. */
export const SERVER_ENV = {
  DATABASE_URL: path.join(E2E_DIR, "e2e.db"),
  MAIL_DIR: path.join(E2E_DIR, "mail"),
  PORT: String(E2E_PORT),
  HOST: "127.0.0.1",
  NODE_ENV: "production" as const,
  LOG_LEVEL: "warn",
  // Every browser of the run signs in from 127.0.0.1: the per-address limit is for the real world.
  LOGIN_ADDRESS_LIMIT: "1000",
};

// This process writes to the server's database through the app's modules: they read
// DATABASE_URL when they first open it, which is after this line.
process.env.DATABASE_URL = SERVER_ENV.DATABASE_URL;
process.env.MAIL_DIR = SERVER_ENV.MAIL_DIR;
process.env.LOG_LEVEL = "silent";

/** Loaded into the server before server.ts: it stops the server when this worker's end of the IPC channel closes. */
const EXIT_WITH_PARENT = pathToFileURL(path.resolve("tests/e2e/exit-with-parent.mjs")).href;

async function waitUntilAnswering(server: ChildProcess, exited: Promise<unknown>) {
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`the e2e server on port ${E2E_PORT} exited before it answered (code ${server.exitCode})`);
    try {
      await fetch(`${E2E_ORIGIN}/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export const test = base.extend<object, { server: { origin: string } }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      fs.rmSync(E2E_DIR, { recursive: true, force: true });
      fs.mkdirSync(E2E_DIR, { recursive: true });
      const { runMigrations } = await import("../../db/migrate");
      const { createStaffAccount } = await import("~/modules/auth/users.server");
      runMigrations();
      // The staff accounts the tests sign in with, as the deployment's staff:create makes them.
      for (const [account, role] of [
        [E2E_STAFF, "staff"],
        [E2E_ADMIN, "admin"],
      ] as const) {
        const created = await createStaffAccount({ ...account, role, actorUserId: null });
        if (!created.ok) throw new Error(`seeding ${account.email}: ${created.reason}`);
      }
      // The server goes with this worker however the worker ends: at teardown (a failed test
      // included), when the worker process exits without one, and — through its IPC channel,
      // which closes when this process dies, even by SIGKILL — when the worker is killed.
      const server = spawn(process.execPath, ["--import", "tsx", "--import", EXIT_WITH_PARENT, "server.ts"], {
        env: { ...process.env, ...SERVER_ENV },
        // Its log (stdout) stays out of the report, as with the webServer option it replaces.
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      const exited = new Promise((resolve) => server.on("exit", resolve));
      const stop = () => {
        if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
      };
      process.once("exit", stop);
      try {
        await waitUntilAnswering(server, exited);
        await use({ origin: E2E_ORIGIN });
      } finally {
        stop();
        // A server that does not stop within its own shutdown time is killed.
        const late = setTimeout(() => server.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(late);
        process.off("exit", stop);
        const { closeDb } = await import("~/db.server");
        closeDb();
      }
    },
    { scope: "worker", auto: true, timeout: 120_000 },
  ],
  baseURL: async ({ server }, use) => use(server.origin),
});

// ---- signed in without the form: a session made by the auth module, its cookie in the browser ----

type Cookie = Awaited<ReturnType<BrowserContext["storageState"]>>["cookies"][number];

/** The session cookie as the production server sets it (lucia: HttpOnly, Secure, SameSite=Lax, Path=/). */
export async function sessionCookie(userId: string): Promise<Cookie> {
  const { createUserSession } = await import("~/modules/auth/session.server");
  const { SESSION_COOKIE } = await import("~/modules/auth/lucia.server");
  const { session } = await createUserSession({ userId });
  return {
    name: SESSION_COOKIE,
    value: session.id,
    domain: "127.0.0.1",
    path: "/",
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    expires: Math.floor(session.expiresAt.getTime() / 1000),
  };
}

/** A browser state (`browser.newContext({ storageState })`) signed in as this user. */
export async function signedInState(userId: string) {
  return { cookies: [await sessionCookie(userId)], origins: [] };
}
