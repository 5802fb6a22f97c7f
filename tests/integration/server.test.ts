import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "~/modules/companies/import.server";
import { generateCompanies } from "../../scripts/demo-data/companies";
import { makeUser, signedIn, TEST_PASSWORD } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

let server: ServerHandle;

beforeAll(async () => {
  // The same database file the test setup migrated; the server reads DATABASE_URL from the env.
  server = await startServer({ MAX_BODY_BYTES: "4096" });
});
afterAll(() => server?.stop());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, ...headers },
    body,
  });

describe("production server", () => {
  it("sets the security headers on pages and static files", async () => {
    for (const path of ["/", "/login", "/favicon.ico"]) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBeTruthy();
      // Plain http: no HSTS.
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("uses a fresh nonce per response, the one on the page's scripts", async () => {
    const a = await fetch(`${server.url}/`);
    const b = await fetch(`${server.url}/`);
    const nonce = /'nonce-([^']+)'/.exec(a.headers.get("content-security-policy")!)![1];
    expect(nonce).not.toBe(/'nonce-([^']+)'/.exec(b.headers.get("content-security-policy")!)![1]);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  });

  it("refuses cross-origin and origin-less writes with 403, on pages and unknown paths alike", async () => {
    for (const path of ["/login", "/signup", "/logout", "/set-language", "/no-such-resource"]) {
      expect((await post(path, "x=1", { origin: "https://evil.example" })).status, path).toBe(403);
    }
    const bare = await fetch(`${server.url}/login`, { method: "POST", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(bare.status).toBe(403);
    expect((await post("/login", "email=a%40b.test&password=xxxxxxxxxxxx")).status).not.toBe(403);
    // A forged X-Forwarded-Host does not make a foreign origin look like ours.
    expect((await post("/login", "x=1", { origin: "https://evil.example", "x-forwarded-host": "evil.example" })).status).toBe(403);
  });

  it("refuses bodies over the limit with 413", async () => {
    expect((await post("/login", `email=${"a".repeat(5000)}`)).status).toBe(413);
  });

  it("marks pages of a signed-in user no-store, and only those", async () => {
    const user = await makeUser();
    const res = await post("/login", new URLSearchParams({ email: user.email, password: TEST_PASSWORD }).toString());
    expect(res.status).toBe(302);
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const signed = await fetch(`${server.url}/account`, { headers: { cookie } });
    expect(signed.status).toBe(200);
    expect(signed.headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${server.url}/`)).headers.get("cache-control")).toBeNull();
  });

  it("hides stack traces of unexpected errors", async () => {
    // A multipart body with a broken boundary makes the form parser throw inside the action.
    const res = await post("/login", "--x\r\nbroken", { "content-type": "multipart/form-data; boundary=zzz" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const body = await res.text();
    expect(body).not.toMatch(/at .+\.(js|ts):\d+/);
    expect(body).not.toContain("/work/");
  });

  it("logs one JSON line per request and per auth event, without secrets", async () => {
    const user = await makeUser();
    const res = await post("/login?token=sekrit-query", new URLSearchParams({ email: user.email, password: TEST_PASSWORD }).toString());
    const cookie = res.headers.get("set-cookie")!.split(";")[0].split("=")[1];
    await post("/login", new URLSearchParams({ email: user.email, password: "a wrong password" }).toString());
    await new Promise((r) => setTimeout(r, 200));
    const lines = server.logs();
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.some((e) => e.type === "request" && e.path === "/login" && e.status === 302)).toBe(true);
    expect(entries.some((e) => e.type === "auth" && e.event === "login" && e.outcome === "ok" && e.userId === user.id)).toBe(true);
    expect(entries.some((e) => e.type === "auth" && e.event === "login" && e.outcome === "failed")).toBe(true);
    const all = lines.join("\n");
    for (const secret of [TEST_PASSWORD, "a wrong password", cookie, "sekrit-query"]) expect(all).not.toContain(secret);
  });
});

function slowPost(url: string, body: string): { firstHalfSent: Promise<void>; finish: () => void; status: Promise<number> } {
  const u = new URL(url);
  let finish = () => {};
  let sent = () => {};
  const firstHalfSent = new Promise<void>((r) => (sent = r));
  const status = new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), origin: u.origin },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half), () => sent());
    finish = () => req.end(body.slice(half));
  });
  return { firstHalfSent, finish, status };
}

/** A page load on a connection of its own: `connected` once the TCP handshake is done. */
function pageLoad(url: string, cookie: string): { connected: Promise<void>; outcome: Promise<number | string> } {
  let connected = () => {};
  const connectedP = new Promise<void>((r) => (connected = r));
  const outcome = new Promise<number | string>((resolve) => {
    const req = http.get(url, { agent: false, headers: { cookie } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", (e) => resolve(`body: ${e.message}`));
    });
    req.on("socket", (socket) => socket.on("connect", () => connected()));
    req.on("error", (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
  });
  return { connected: connectedP, outcome };
}

describe("graceful stop", () => {
  it("on SIGTERM under load answers every request already accepted, then takes no new connections and exits 0 within 10 s", async () => {
    // A directory worth filtering, so page loads take the server real work.
    const seeded = runImport({
      bytes: Buffer.from(JSON.stringify({ companies: generateCompanies({ count: 500, seed: 5, prefix: "load" }) })),
      filename: "load.json",
      status: "approved",
    });
    expect(seeded.ok).toBe(true);
    const { cookie } = await signedIn();
    const own = await startServer();
    const user = await makeUser();
    const body = new URLSearchParams({ email: user.email, password: TEST_PASSWORD }).toString();
    const queries = ["country=CN", "sector=cloud", "country=VN&sector=ecommerce", "q=tech", "offers=cloud.iaas&page=2"];
    // Requests whose bodies are still arriving when the signal comes.
    const slow = Array.from({ length: 4 }, () => slowPost(`${own.url}/login`, body));
    // And 50 filtered directory pages at once, each on its own connection.
    const loads = Array.from({ length: 50 }, (_, i) => pageLoad(`${own.url}/companies?${queries[i % queries.length]}`, cookie));
    await Promise.all([...slow.map((s) => s.firstHalfSent), ...loads.map((l) => l.connected)]);
    // The signal comes once the server is busy answering them: the first page is out, most are not.
    const done: (number | string)[] = [];
    loads.forEach((l) => l.outcome.then((o) => done.push(o)));
    while (done.length === 0) await new Promise((r) => setTimeout(r, 5));
    own.child.kill("SIGTERM");
    const finishedBeforeSignal = done.length;
    await new Promise((r) => setTimeout(r, 300));
    // A connection after the signal is refused, or answered if the server was still taking in
    // the connections queued before it; never left hanging.
    const late = await fetch(`${own.url}/`).then(
      (r) => r.status,
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
    );
    expect(["ECONNREFUSED", "ECONNRESET", 200]).toContain(late);
    for (const s of slow) s.finish();
    expect(await Promise.all(slow.map((s) => s.status))).toEqual([302, 302, 302, 302]);
    expect(await Promise.all(loads.map((l) => l.outcome))).toEqual(Array(50).fill(200));
    expect(finishedBeforeSignal).toBeLessThan(40);
    const { code, ms } = await own.exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    const events = own.logs().map((l) => JSON.parse(l).event);
    expect(events).toContain("stopping");
    expect(events.at(-1)).toBe("stopped");
  });
});
