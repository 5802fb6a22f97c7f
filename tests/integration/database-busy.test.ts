// Another process holds the database's write lock. Pages that only read keep working (WAL). A
// request that must write does not freeze the server while it waits: it retries on a timer, other
// requests are answered meanwhile, and it succeeds once the lock is gone; held past the deadline
// (5 s) it gets a 503 "busy" page with Retry-After, never a 500. The file stays sound.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getSqlite } from "~/db.server";
import { databasePath } from "~/env.server";
import { getT } from "~/modules/i18n/locales.server";
import { makeListedCompany, makeUser, signedIn, TEST_PASSWORD } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

function holdWriteLock() {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/db-lock-process.ts", databasePath()], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("locked")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the lock holder exited (${code}): ${err}`)));
  });
  return {
    locked,
    release: async () => {
      child.stdin!.write("commit\n");
      return exited;
    },
    kill: () => child.exitCode === null && child.kill("SIGKILL"),
  };
}

const signIn = (email: string) =>
  fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }).toString(),
  });

/** Resolves when the server's log has a line matching `test`, beyond the first `from` lines. */
async function logLine(test: (entry: { type?: string; route?: string }) => boolean, from: number) {
  for (let i = 0; i < 600; i++) {
    const found = server
      .logs()
      .slice(from)
      .some((l) => test(JSON.parse(l)));
    if (found) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the server never logged the line awaited");
}

it("answers other requests while a write waits for another process's lock, and the write succeeds once the lock is gone", async () => {
  const reader = await signedIn();
  const user = await makeUser();
  makeListedCompany({ profile: { name: "Kampot Pepper Exchange", country: "KH" } });
  const queued = () => getSqlite().prepare("select count(*) from match_queue").pluck().get() as number;
  for (let i = 0; queued() > 0 && i < 100; i++) await new Promise((r) => setTimeout(r, 100));

  const lock = holdWriteLock();
  let signInSettled = false;
  try {
    await lock.locked;
    const logsBefore = server.logs().length;
    // Signing in writes a session: it meets the lock and starts retrying.
    const signingIn = signIn(user.email).finally(() => (signInSettled = true));
    await logLine((e) => e.type === "db-busy-wait", logsBefore);
    // While it waits, the server answers a page: its event loop is not held by the waiting write.
    const page = await fetch(`${server.url}/companies?country=KH`, { headers: { cookie: reader.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Kampot Pepper Exchange");
    expect(signInSettled).toBe(false);
    // The lock goes: the waiting sign-in goes through, with no busy page.
    expect(await lock.release()).toBe(0);
    const ok = await signingIn;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("set-cookie")).toBeTruthy();
  } finally {
    lock.kill();
  }
  expect(getSqlite().prepare("select count(*) from sessions where user_id = ?").pluck().get(user.id)).toBe(1);
  const entries = server.logs().map((l) => JSON.parse(l));
  expect(entries.filter((e) => e.type === "request" && e.status >= 500)).toEqual([]);
}, 60_000);

it("answers 503 with Retry-After when another process holds the write lock past the deadline, and recovers", async () => {
  const reader = await signedIn();
  const user = await makeUser();
  makeListedCompany({ profile: { name: "Lantern Harbour Logistics", country: "TH" } });
  // The server's background work settles first (the new company's match lists are written).
  const queued = () => getSqlite().prepare("select count(*) from match_queue").pluck().get() as number;
  for (let i = 0; queued() > 0 && i < 100; i++) await new Promise((r) => setTimeout(r, 100));

  const lockWrites = () => getSqlite().prepare("select count(*) from audit_log where action = 'test.lock'").pluck().get() as number;
  const lockWritesBefore = lockWrites();
  const lock = holdWriteLock();
  try {
    await lock.locked;

    // Reads go on: the test's own connection and a page that only reads.
    expect(getSqlite().prepare("select count(*) from companies").pluck().get()).toBeGreaterThan(0);
    const page = await fetch(`${server.url}/companies?country=TH`, { headers: { cookie: reader.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Lantern Harbour Logistics");

    // Signing in writes a session: it retries until the deadline, then gives up with a clear 503.
    const busy = await signIn(user.email);
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("5");
    expect(busy.headers.get("set-cookie")).toBeNull();
    const html = await busy.text();
    // The app's own error page (layout, language), saying what happened.
    expect(html).toMatch(/<h1[^>]*>The service is busy, please try again in a moment<\/h1>/);
    expect(html).toContain('<html lang="en"');
    expect(html).not.toMatch(/SQLITE_|SqliteError|at .+\.(js|ts):\d+/);
  } finally {
    expect(await lock.release()).toBe(0);
    lock.kill();
  }

  const ok = await signIn(user.email);
  expect(ok.status).toBe(302);
  expect(ok.headers.get("set-cookie")).toBeTruthy();

  expect(getSqlite().pragma("integrity_check", { simple: true })).toBe("ok");
  // The other process's write, committed after the lock, is there.
  expect(lockWrites()).toBe(lockWritesBefore + 1);

  const entries = server.logs().map((l) => JSON.parse(l));
  expect(entries.some((e) => e.type === "db-busy")).toBe(true);
  expect(entries.filter((e) => e.type === "request" && e.status >= 500 && e.status !== 503)).toEqual([]);
  expect(entries.filter((e) => e.type === "server-error")).toEqual([]);
});

it("keeps signed-in pages answering during the lock, and gives a form post the 503 page in the user's language, never a 500 or a message key", async () => {
  // Sessions last used two minutes ago: each request touches its session. The touch never waits
  // for the lock (it once held up the server until a page's render was cut off: a 500 after 9 s).
  const zhUser = await signedIn({ locale: "zh" });
  const enUser = await signedIn({ locale: "en" });
  getSqlite().prepare("update sessions set last_active_at = last_active_at - 120").run();
  const lock = holdWriteLock();
  try {
    await lock.locked;
    const [zhPage, enPage, post] = await Promise.all([
      fetch(`${server.url}/companies`, { headers: { cookie: zhUser.cookie } }),
      fetch(`${server.url}/account`, { headers: { cookie: enUser.cookie } }),
      fetch(`${server.url}/account/notifications`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: zhUser.cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
        body: "category=new_matches",
      }),
    ]);
    expect(zhPage.status).toBe(200);
    expect(await zhPage.text()).toContain('<html lang="zh"');
    expect(enPage.status).toBe(200);
    await enPage.arrayBuffer();
    // The post must write: it retries until the deadline, then gets the busy page, in Chinese.
    expect(post.status).toBe(503);
    expect(post.headers.get("retry-after")).toBe("5");
    const html = await post.text();
    expect(html).toMatch(new RegExp(`<h1[^>]*>${getT("zh")("errors.busy.title")}</h1>`));
    expect(html).toContain('<html lang="zh"');
    expect(html).not.toMatch(/>\s*errors?\.[a-zA-Z.]+\s*</);
  } finally {
    expect(await lock.release()).toBe(0);
    lock.kill();
  }
  const entries = server.logs().map((l) => JSON.parse(l));
  expect(entries.filter((e) => e.type === "request" && e.status >= 500 && e.status !== 503)).toEqual([]);
  expect(entries.filter((e) => e.type === "server-error")).toEqual([]);
}, 120_000);

it("has the busy message in English and Chinese", () => {
  expect(getT("en")("errors.busy.title")).toBe("The service is busy, please try again in a moment");
  expect(getT("zh")("errors.busy.title")).toBe("服务繁忙，请稍后再试");
});
