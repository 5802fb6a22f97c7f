// Suspension means suspended (issue 13, point 2), as an attacker would try it through the pages:
// staff suspend a firm, its member signs in again at once and tries to accept an open
// introduction and read the other firm's contact. Sign-in works only to reach /suspended; every
// member page sends them there; every firm action is refused (by the modules: see also
// workflow.server.test.ts › suspension); the partner firm and staff see the introduction held.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { introductions, matchExclusions, outbox, settings } from "../../db/schema";
import { getDb } from "~/db.server";
import { resetLoginLimits } from "~/modules/auth/rate-limit.server";
import { disableUser } from "~/modules/auth/users.server";
import { restoreCompany, suspendCompany } from "~/modules/companies/moderation.server";
import { approveIntroduction, requestIntroduction } from "~/modules/introductions/workflow.server";
import { asData, ctx, formRequest, getRequest, makeListedCompany, signedIn, signedInVerified, TEST_PASSWORD, thrown } from "../../tests/factories";
import { renderPage } from "../../tests/render";
import { loader as accountLoader } from "./account";
import { loader as adminIntroLoader } from "./admin.introductions.$introductionId";
import { loader as companyLoader, action as companyAction } from "./companies.$companyId._index";
import { loader as editLoader, action as editAction } from "./companies.$companyId.edit";
import { loader as teamLoader, action as teamAction } from "./companies.$companyId.team";
import { loader as directoryLoader } from "./companies._index";
import { loader as myCompanyLoader } from "./company";
import IntroductionPage, { action as detailAction, loader as detailLoader } from "./introductions.$introductionId";
import { loader as listLoader } from "./introductions._index";
import { action as loginAction } from "./login";
import { action as logoutAction } from "./logout";
import { loader as matchLoader, action as matchAction } from "./matches.$partnerId";
import { loader as matchesLoader, action as matchesAction } from "./matches._index";
import SuspendedPage, { loader as suspendedLoader } from "./suspended";
import { loader as landingLoader } from "./_index";

const db = () => getDb();
const status = (id: number) => db().select({ s: introductions.status }).from(introductions).where(eq(introductions.id, id)).get()!.s;

const CONTACT_A = "wang.lan@lanyun.example";
const CONTACT_B = "budi@nusantara.example";

async function world() {
  const alice = await signedInVerified({ name: "Alice Wang" });
  const budi = await signedInVerified({ name: "Budi Santoso" });
  const staff = await signedIn({ role: "staff", name: "Staff One" });
  const a = makeListedCompany({ profile: { name: "Lanyun Cloud", country: "CN", contactName: "Wang Lan", contactEmail: CONTACT_A }, members: [alice.user.id] });
  const b = makeListedCompany({
    profile: {
      name: "PT Nusantara Distribusi",
      country: "ID",
      offers: ["role.distribution"],
      needs: ["cloud.iaas"],
      contactName: "Budi S.",
      contactEmail: CONTACT_B,
    },
    members: [budi.user.id],
  });
  return { alice, budi, staff, a, b };
}
type World = Awaited<ReturnType<typeof world>>;

/** Alice's request to B, approved: waiting for B's answer. */
function approved(w: World) {
  const r = requestIntroduction({ userId: w.alice.user.id, targetCompanyId: w.b, purpose: "distribution", message: "Hello from Hangzhou." });
  if (!r.ok) throw new Error(r.reason);
  expect(approveIntroduction({ introductionId: r.introductionId, staffUserId: w.staff.user.id }).ok).toBe(true);
  return r.introductionId;
}

/** Signs in through the sign-in form, as the attacker does; returns the Cookie header. */
async function signIn(email: string) {
  const res = (await loginAction({ request: formRequest("/login", { email, password: TEST_PASSWORD, redirectTo: "/introductions" }), ...ctx() })) as Response;
  expect(res.status).toBe(302);
  return res.headers.get("set-cookie")!.split(";")[0];
}

const detail = (cookie: string, id: number) =>
  detailLoader({ request: getRequest(`/introductions/${id}`, { cookie }), ...ctx({ introductionId: String(id) }) });
const post = (cookie: string, id: number, fields: Record<string, string>) =>
  detailAction({ request: formRequest(`/introductions/${id}`, fields, { cookie }), ...ctx({ introductionId: String(id) }) });

let w: World;
beforeEach(async () => {
  for (const table of [introductions, outbox, matchExclusions, settings]) db().delete(table).run();
  resetLoginLimits();
  w = await world();
});

describe("a suspended firm's member", () => {
  it("signs in again, but only reaches the suspended page: no accepting, no contact", async () => {
    const id = approved(w);
    expect(suspendCompany({ companyId: w.b, staffUserId: w.staff.user.id }).ok).toBe(true);
    const cookie = await signIn(w.budi.user.email);

    // The introduction page and its data: sent to /suspended, nothing of the introduction read.
    const page = await thrown(detail(cookie, id));
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/suspended");
    // Accepting: refused before anything changes.
    const accept = await thrown(post(cookie, id, { intent: "accept" }));
    expect(accept.headers.get("location")).toBe("/suspended");
    expect(status(id)).toBe("approved");

    // The page that says so, and whom to contact.
    const data = await suspendedLoader({ request: getRequest("/suspended", { cookie }), ...ctx() });
    expect(data).toMatchObject({ company: { id: w.b, name: "PT Nusantara Distribusi" } });
    const html = await renderPage({ url: "/suspended", routePath: "suspended", Component: SuspendedPage, loaderData: data });
    expect(html).toContain("PT Nusantara Distribusi");
    expect(html).toContain("suspended");
    expect(html).toContain("council");
    expect(html).not.toContain(CONTACT_A);
    expect(JSON.stringify(data)).not.toContain(CONTACT_A);
    expect(JSON.stringify(data)).not.toContain("Wang Lan");

    // Signing out still works.
    const out = (await logoutAction({ request: formRequest("/logout", {}, { cookie }), ...ctx() })) as Response;
    expect(out.status).toBe(302);
  });

  it("is sent to /suspended from every member page and action", async () => {
    const id = approved(w);
    suspendCompany({ companyId: w.b, staffUserId: w.staff.user.id });
    const cookie = await signIn(w.budi.user.email);
    const get = (path: string) => getRequest(path, { cookie });
    const form = (path: string, fields: Record<string, string>) => formRequest(path, fields, { cookie });
    const b = String(w.b);
    const a = String(w.a);
    const calls: [string, () => Promise<unknown>][] = [
      ["directory", () => directoryLoader({ request: get("/companies"), ...ctx() })],
      ["company page", () => companyLoader({ request: get(`/companies/${a}`), ...ctx({ companyId: a }) })],
      [
        "ask from company page",
        () =>
          companyAction({
            request: form(`/companies/${a}`, { intent: "request", targetCompanyId: a, purpose: "distribution", message: "hi" }),
            ...ctx({ companyId: a }),
          }),
      ],
      ["my company", () => myCompanyLoader({ request: get("/company"), ...ctx() })],
      ["edit", () => editLoader({ request: get(`/companies/${b}/edit`), ...ctx({ companyId: b }) })],
      ["save profile", () => editAction({ request: form(`/companies/${b}/edit`, { intent: "save", name: "Renamed" }), ...ctx({ companyId: b }) })],
      ["team", () => teamLoader({ request: get(`/companies/${b}/team`), ...ctx({ companyId: b }) })],
      ["invite", () => teamAction({ request: form(`/companies/${b}/team`, { email: "x@firm.test" }), ...ctx({ companyId: b }) })],
      ["matches", () => matchesLoader({ request: get("/matches"), ...ctx() })],
      ["dismiss", () => matchesAction({ request: form("/matches", { intent: "dismiss", partnerId: a }), ...ctx() })],
      ["match", () => matchLoader({ request: get(`/matches/${a}`), ...ctx({ partnerId: a }) })],
      [
        "ask from match",
        () =>
          matchAction({
            request: form(`/matches/${a}`, { intent: "request", targetCompanyId: a, purpose: "distribution", message: "hi" }),
            ...ctx({ partnerId: a }),
          }),
      ],
      ["introductions", () => listLoader({ request: get("/introductions"), ...ctx() })],
      ["introduction", () => detail(cookie, id)],
      ["decline", () => post(cookie, id, { intent: "decline", note: "" })],
      ["account", () => accountLoader({ request: get("/account"), ...ctx() })],
    ];
    for (const [name, call] of calls) {
      const r = await thrown(call());
      expect([name, r.status, r.headers.get("location")]).toEqual([name, 302, "/suspended"]);
    }
    expect(status(id)).toBe("approved");
  });

  it("sends a suspended firm's member from the landing page, where sign-in ends, to /suspended; others stay", async () => {
    suspendCompany({ companyId: w.b, staffUserId: w.staff.user.id });
    const cookie = await signIn(w.budi.user.email);
    const r = await thrown(landingLoader({ request: getRequest("/", { cookie }), ...ctx() }));
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/suspended");
    expect(await landingLoader({ request: getRequest("/", { cookie: w.alice.cookie }), ...ctx() })).toEqual({ withoutFirm: null });
    expect(await landingLoader({ request: getRequest("/"), ...ctx() })).toEqual({ withoutFirm: null });
  });

  it("a member of a firm in good standing is sent away from /suspended", async () => {
    const r = await thrown(suspendedLoader({ request: getRequest("/suspended", { cookie: w.alice.cookie }), ...ctx() }));
    expect(r.headers.get("location")).toBe("/");
  });

  it("a disabled member account cannot sign in, as for staff", async () => {
    expect(disableUser({ userId: w.budi.user.id, staffUserId: w.staff.user.id })).toEqual({ ok: true });
    const res = asData<{ errors: { formErrors: string[] } }>(
      await loginAction({ request: formRequest("/login", { email: w.budi.user.email, password: TEST_PASSWORD }), ...ctx() }),
    );
    expect(res.init?.status).toBe(400);
    expect(res.data.errors.formErrors).toEqual(["errors.login.invalid"]);
    // Its old session ended with the disabling.
    const old = await thrown(listLoader({ request: getRequest("/introductions", { cookie: w.budi.cookie }), ...ctx() }));
    expect(old.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("a held introduction", () => {
  it("the other firm sees it held and cannot accept it; staff see it held; restored, it goes on", async () => {
    const id = approved(w);
    // The requester's firm is suspended: B (the firm asked) must not reach A's contact now.
    suspendCompany({ companyId: w.a, staffUserId: w.staff.user.id });
    const view = (await detail(w.budi.cookie, id)) as { introduction: { held: boolean; can: { accept: boolean }; contact: unknown } };
    expect(view.introduction).toMatchObject({ held: true, can: { accept: false }, contact: null });
    const html = await renderPage({ url: `/introductions/${id}`, routePath: "introductions/:introductionId", Component: IntroductionPage, loaderData: view });
    expect(html).toContain("On hold");
    const refused = asData<{ refusal: { key: string } }>(await post(w.budi.cookie, id, { intent: "accept" }));
    expect(refused.init?.status).toBe(409);
    expect(refused.data.refusal.key).toBe("errors.intro.held");
    expect(status(id)).toBe("approved");

    const staffView = await adminIntroLoader({
      request: getRequest(`/admin/introductions/${id}`, { cookie: w.staff.cookie }),
      ...ctx({ introductionId: String(id) }),
    });
    expect(staffView.intro.held).toBe(true);

    restoreCompany({ companyId: w.a, staffUserId: w.staff.user.id });
    const accepted = (await post(w.budi.cookie, id, { intent: "accept" })) as Response;
    expect(accepted.status).toBe(302);
    expect(status(id)).toBe("accepted");
  });
});
