// The session cookie as the production server sets it: HttpOnly (no script reads it), Secure (only
// over https; browsers also accept it on localhost), SameSite=Lax (not sent on cross-site posts),
// host-only with Path=/, and a fresh random id of at least 128 bits at every sign-in.
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeUser, TEST_PASSWORD } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

async function signIn(email: string) {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(302);
  return res.headers.get("set-cookie") ?? "";
}

it("sets the session cookie HttpOnly, Secure, SameSite=Lax, host-only, with a new unguessable id each time", async () => {
  const user = await makeUser();
  const first = await signIn(user.email);
  const second = await signIn(user.email);
  for (const cookie of [first, second]) {
    const [pair, ...attrs] = cookie.split(/;\s*/);
    const lower = attrs.map((a) => a.toLowerCase());
    expect(pair).toMatch(/^bridge_session=[a-z0-9]{25,}$/);
    expect(lower).toContain("httponly");
    expect(lower).toContain("secure");
    expect(lower).toContain("samesite=lax");
    expect(lower).toContain("path=/");
    expect(lower.some((a) => a.startsWith("domain="))).toBe(false);
  }
  expect(first.split(";")[0]).not.toBe(second.split(";")[0]);
});
