// The staff introduction pages called as Remix calls them, against a real SQLite file: guards on
// every loader and action, the queue oldest first, decisions (and the second decision refused with
// who decided first, in the page's HTML), staff starting an introduction, outcomes in the audit
// log, and the counts of the staff home.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, companyMembers, introductions, outbox, users } from "../../db/schema";
import { getDb, getSqlite } from "~/db.server";
import { countReviewQueue } from "~/modules/companies/staff-views.server";
import { acceptIntroduction, requestIntroduction, startIntroduction } from "~/modules/introductions/workflow.server";
import { syncMatches } from "~/modules/matching/sync.server";
import { asData, ctx, formRequest, getRequest, makeListedCompany, makeVerifiedUser, signedIn, thrown } from "../../tests/factories";
import { renderPage } from "../../tests/render";
import AdminOverview, { loader as overviewLoader } from "./admin._index";
import { loader as staffCompanyLoader } from "./admin.companies.$companyId";
import StaffIntroduction, { action as detailAction, loader as detailLoader } from "./admin.introductions.$introductionId";
import StaffIntroductions, { loader as indexLoader } from "./admin.introductions._index";
import NewStaffIntroduction, { action as newAction, loader as newLoader } from "./admin.introductions.new";
import { nowSeconds } from "~/utils/time";

const DAY = 86400;
const row = (id: number) => getDb().select().from(introductions).where(eq(introductions.id, id)).get()!;

/** Two listed firms (a Chinese requester, an Indonesian target) with verified members, and two staff. */
async function world() {
  const alice = await makeVerifiedUser({ name: "Alice Wang" });
  const budi = await makeVerifiedUser({ name: "Budi Santoso" });
  const staff = await signedIn({ role: "staff", name: "Staff One" });
  const staff2 = await signedIn({ role: "admin", name: "Staff Two" });
  const member = await signedIn();
  const a = makeListedCompany({
    profile: { name: "Lanyun Cloud", localName: "蓝云科技", country: "CN", contactName: "Wang Lan", contactEmail: "wang.lan@lanyun.example" },
    members: [alice.id],
  });
  const b = makeListedCompany({
    profile: {
      name: "PT Nusantara Distribusi",
      country: "ID",
      offers: ["role.distribution"],
      needs: ["cloud.iaas"],
      contactName: "Budi S.",
      contactEmail: "budi@nusantara.example",
    },
    members: [budi.id],
  });
  return { alice, budi, staff, staff2, member, a, b };
}

type World = Awaited<ReturnType<typeof world>>;

function ask(w: World, input: { userId?: string; target?: number; now?: number } = {}) {
  const r = requestIntroduction({
    userId: input.userId ?? w.alice.id,
    targetCompanyId: input.target ?? w.b,
    purpose: "distribution",
    message: "我们想在印尼寻找经销商。",
    now: input.now,
  });
  if (!r.ok) throw new Error(`request refused: ${r.reason}`);
  return r.introductionId;
}

const detail = (id: number | string, cookie?: string) =>
  detailLoader({ request: getRequest(`/admin/introductions/${id}`, { cookie }), ...ctx({ introductionId: String(id) }) });
const decide = (id: number, fields: Record<string, string>, cookie: string, origin?: string) =>
  detailAction({ request: formRequest(`/admin/introductions/${id}`, fields, { cookie, origin }), ...ctx({ introductionId: String(id) }) });
const renderDetail = (id: number, page: { loaderData: object; actionData?: object; locale?: string; query?: string }) =>
  renderPage({
    url: `/admin/introductions/${id}${page.query ?? ""}`,
    routePath: "admin/introductions/:introductionId",
    Component: StaffIntroduction,
    loaderData: page.loaderData,
    actionData: page.actionData,
    locale: page.locale,
  });
const newPath = (a: number, b: number) => `/admin/introductions/new?companyId=${a}&partnerId=${b}`;

let w: World;
beforeEach(async () => {
  getSqlite().exec("delete from introductions; delete from outbox;");
  w = await world();
});

describe("guards", () => {
  it("refuse members (403) and send anonymous visitors to sign in, on every new loader and action", async () => {
    const id = ask(w);
    const cookie = w.member.cookie;
    const calls = (cookie?: string) => [
      () => overviewLoader({ request: getRequest("/admin", { cookie }), ...ctx() }),
      () => indexLoader({ request: getRequest("/admin/introductions", { cookie }), ...ctx() }),
      () => detail(id, cookie),
      () => decide(id, { intent: "approve" }, cookie as string),
      () => newLoader({ request: getRequest(newPath(w.a, w.b), { cookie }), ...ctx() }),
      () =>
        newAction({
          request: formRequest(newPath(w.a, w.b), { intent: "start", partnerId: String(w.b), purpose: "distribution", message: "Hello" }, { cookie }),
          ...ctx(),
        }),
    ];
    for (const call of calls(cookie)) expect((await thrown(call())).status).toBe(403);
    for (const call of calls(undefined)) {
      const response = await thrown(call());
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    }
    expect(row(id).status).toBe("requested");
  });

  it("refuse a cross-origin form from staff", async () => {
    const id = ask(w);
    expect((await thrown(decide(id, { intent: "approve" }, w.staff.cookie, "https://evil.example"))).status).toBe(403);
    const start = formRequest(
      newPath(w.a, w.b),
      { intent: "start", partnerId: String(w.b), purpose: "distribution", message: "Hello" },
      { cookie: w.staff.cookie, origin: "https://evil.example" },
    );
    expect((await thrown(newAction({ request: start, ...ctx() }))).status).toBe(403);
    expect(row(id).status).toBe("requested");
    expect(getDb().select().from(introductions).all()).toHaveLength(1);
  });

  it("answer 404 for unknown and malformed ids and pairs", async () => {
    for (const id of ["999999", "abc", "012", "1e1", "-1"]) expect((await thrown(detail(id, w.staff.cookie))).status, id).toBe(404);
    for (const path of [newPath(w.a, 999999), newPath(w.a, w.a), "/admin/introductions/new?companyId=x&partnerId=1", "/admin/introductions/new"]) {
      expect((await thrown(newLoader({ request: getRequest(path, { cookie: w.staff.cookie }), ...ctx() }))).status, path).toBe(404);
    }
  });
});

describe("the queue", () => {
  it("lists requests awaiting a decision oldest first, with their age, and filters all introductions by state", async () => {
    const carol = await makeVerifiedUser();
    const dewi = await makeVerifiedUser();
    const c = makeListedCompany({ profile: { name: "Carol Cloud", country: "CN" }, members: [carol.id] });
    const d = makeListedCompany({ profile: { name: "Dewi Digital", country: "CN" }, members: [dewi.id] });
    const now = nowSeconds();
    const middle = ask(w, { now: now - 2 * DAY });
    const newest = ask(w, { userId: carol.id, now: now - 3600 * 5 });
    const oldest = ask(w, { userId: dewi.id, now: now - 3 * DAY - 60 });
    const started = startIntroduction({ staffUserId: w.staff.user.id, companyId: c, partnerId: d, purpose: "joint_venture", message: "Meet." });
    if (!started.ok) throw new Error(started.reason);

    const data = await indexLoader({ request: getRequest("/admin/introductions", { cookie: w.staff.cookie }), ...ctx() });
    expect(data.queue.map((q) => q.id)).toEqual([oldest, middle, newest]);
    expect(data.all.total).toBe(4);
    const approved = await indexLoader({ request: getRequest("/admin/introductions?status=approved", { cookie: w.staff.cookie }), ...ctx() });
    expect(approved.all.introductions.map((i) => i.id)).toEqual([started.introductionId]);
    const ofCompany = await indexLoader({ request: getRequest(`/admin/introductions?companyId=${c}`, { cookie: w.staff.cookie }), ...ctx() });
    expect(ofCompany.all.introductions.map((i) => i.id).sort()).toEqual([newest, started.introductionId].sort());
    const junk = await indexLoader({ request: getRequest("/admin/introductions?status=nonsense&page=-3", { cookie: w.staff.cookie }), ...ctx() });
    expect(junk.all.total).toBe(4);

    const html = await renderPage({ url: "/admin/introductions", routePath: "admin/introductions", Component: StaffIntroductions, loaderData: data });
    const queue = html.slice(html.indexOf('id="queue-heading"'), html.indexOf('id="all-heading"'));
    expect(queue.indexOf(`/admin/introductions/${oldest}"`)).toBeLessThan(queue.indexOf(`/admin/introductions/${middle}"`));
    expect(queue).toContain("3 days");
    expect(queue).toContain("5 hours");
    expect(queue).toContain('<span lang="zh">蓝云科技</span>');
    expect(queue).toContain("China");
    expect(queue).toContain("Indonesia");
    expect(html).toContain('<option value="approved">Awaiting the firm\'s answer (1)</option>');
  });
});

describe("decisions", () => {
  it("approve via the route: redirect with a status message, the other firm is told", async () => {
    const id = ask(w);
    const page = await detail(id, w.staff.cookie);
    expect(page.intro.requester.contact?.email).toBe("wang.lan@lanyun.example");
    expect(page.intro.target.contact?.email).toBe("budi@nusantara.example");
    const response = (await decide(id, { intent: "approve" }, w.staff.cookie)) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/admin/introductions/${id}?done=approved`);
    expect(row(id)).toMatchObject({ status: "approved", decidedByUserId: w.staff.user.id });
    expect(
      getDb()
        .select()
        .from(outbox)
        .where(and(eq(outbox.template, "intro_for_you"), eq(outbox.toAddress, w.budi.email)))
        .all(),
    ).toHaveLength(1);
    const html = await renderDetail(id, { query: "?done=approved", loaderData: await detail(id, w.staff.cookie) });
    expect(html).toMatch(/<p role="status"[^>]*>Approved\. The other firm was told by e-mail\.<\/p>/);
    expect(html).toContain("Staff One");
    expect(html).not.toContain('name="intent" value="approve"');
  });

  it("decline needs a reason (400, nothing changes); with one, the requester's reason is stored", async () => {
    const id = ask(w);
    const missing = asData<{ errors: { fieldErrors: Record<string, string[]> } }>(await decide(id, { intent: "decline", reason: "   " }, w.staff.cookie));
    expect(missing.init?.status).toBe(400);
    expect(missing.data.errors.fieldErrors.reason).toEqual(["errors.intro.reasonRequired"]);
    expect(row(id)).toMatchObject({ status: "requested", decidedByUserId: null, staffReason: null });
    const html = await renderDetail(id, { loaderData: await detail(id, w.staff.cookie), actionData: missing.data });
    expect(html).toContain('aria-describedby="field-reason-hint field-reason-error"');
    expect(html).toContain("Give a reason: the firm that asked will read it.");

    const response = (await decide(id, { intent: "decline", reason: "Not a fit for the programme this year." }, w.staff.cookie)) as Response;
    expect(response.headers.get("location")).toBe(`/admin/introductions/${id}?done=declined`);
    expect(row(id)).toMatchObject({ status: "declined_by_staff", staffReason: "Not a fit for the programme this year." });
  });

  it("refuses the second staff decision with 409, naming who decided first; the state stays the first decision", async () => {
    const id = ask(w);
    const before = await detail(id, w.staff2.cookie);
    expect(before.intro.status).toBe("requested");
    expect(((await decide(id, { intent: "approve" }, w.staff.cookie)) as Response).status).toBe(302);
    const second = asData<{ current: string }>(await decide(id, { intent: "decline", reason: "Too late." }, w.staff2.cookie));
    expect(second.init?.status).toBe(409);
    expect(second.data.current).toBe("approved");
    expect(row(id)).toMatchObject({ status: "approved", decidedByUserId: w.staff.user.id, staffReason: null });

    // The page as the second person sees it (the loader still from before: no reload needed).
    const html = await renderDetail(id, { loaderData: before, actionData: second.data });
    expect(html).toMatch(
      /<p role="alert"[^>]*>Staff One already decided this request \(Awaiting the firm's answer\) at \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC\. Your decision was not recorded\.<\/p>/,
    );
    expect(html).not.toContain('name="intent" value="decline"');
    const zh = await renderDetail(id, { loaderData: before, actionData: second.data, locale: "zh" });
    expect(zh).toContain("Staff One");
  });
});

describe("staff start an introduction", () => {
  it("from the match list: both firms get an e-mail, and an open pair is refused with a link to it", async () => {
    const budi2 = await makeVerifiedUser();
    getDb().insert(companyMembers).values({ userId: budi2.id, companyId: w.b, role: "member" }).run();
    await syncMatches();
    const page = await newLoader({ request: getRequest(newPath(w.a, w.b), { cookie: w.staff.cookie }), ...ctx() });
    expect(page.open).toBeNull();
    expect(page.match?.score).toBeGreaterThan(0);
    expect(page.reverseMatch?.score).toBeGreaterThan(0);

    const empty = asData<{ errors: { fieldErrors: Record<string, string[]> } }>(
      await newAction({
        request: formRequest(newPath(w.a, w.b), { intent: "start", partnerId: String(w.b), purpose: "", message: "" }, { cookie: w.staff.cookie }),
        ...ctx(),
      }),
    );
    expect(empty.init?.status).toBe(400);
    expect(Object.keys(empty.data.errors.fieldErrors).sort()).toEqual(["message", "purpose"]);
    const form = await renderPage({
      url: newPath(w.a, w.b),
      routePath: "admin/introductions/new",
      Component: NewStaffIntroduction,
      loaderData: page,
      actionData: empty.data,
    });
    expect(form).toContain('aria-describedby="field-message-hint field-message-error"');
    expect(form).toContain(`action="${newPath(w.a, w.b)}"`);

    const fields = { intent: "start", partnerId: String(w.b), purpose: "distribution", message: "You two should talk about distribution in Indonesia." };
    const response = (await newAction({ request: formRequest(newPath(w.a, w.b), fields, { cookie: w.staff.cookie }), ...ctx() })) as Response;
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("location")!.match(/^\/admin\/introductions\/(\d+)\?done=started$/)![1]);
    expect(row(id)).toMatchObject({
      status: "approved",
      initiatedBy: "staff",
      requesterCompanyId: w.a,
      targetCompanyId: w.b,
      createdByUserId: w.staff.user.id,
    });
    const mails = getDb().select().from(outbox).where(eq(outbox.template, "intro_suggested")).all();
    expect(mails.map((m) => m.toAddress).sort()).toEqual([w.alice.email, w.budi.email, budi2.email].sort());

    const again = asData<{ openId: number; errors: { formErrors: string[] } }>(
      await newAction({ request: formRequest(newPath(w.b, w.a), { ...fields, partnerId: String(w.a) }, { cookie: w.staff2.cookie }), ...ctx() }),
    );
    expect(again.init?.status).toBe(409);
    expect(again.data).toMatchObject({ openId: id, errors: { formErrors: ["adminIntro.new.openExists"] } });
    const after = await newLoader({ request: getRequest(newPath(w.a, w.b), { cookie: w.staff.cookie }), ...ctx() });
    expect(after.open?.id).toBe(id);
    const refused = await renderPage({
      url: newPath(w.a, w.b),
      routePath: "admin/introductions/new",
      Component: NewStaffIntroduction,
      loaderData: after,
      actionData: again.data,
    });
    expect(refused).toContain("These two firms already have an introduction under way.");
    expect(refused).toContain(`href="/admin/introductions/${id}"`);
    expect(refused).not.toContain('name="message"');
    expect(getDb().select().from(introductions).all()).toHaveLength(1);

    // The page shows the match from both sides, and the state to both staff.
    const view = await detail(id, w.staff.cookie);
    expect(view.intro.match?.score).toBe(page.match?.score);
    const html = await renderDetail(id, { loaderData: view });
    expect(html).toContain("As Lanyun Cloud sees it");
    expect(html).toContain("As PT Nusantara Distribusi sees it");
    expect(html).not.toContain("is not in");
    expect(html).toContain("Started by council staff");
  });

  it("says clearly when the pair is not in the requester's match list", async () => {
    const id = ask(w);
    const view = await detail(id, w.staff.cookie);
    expect(view.intro.match).toBeNull();
    const html = await renderDetail(id, { loaderData: view });
    expect(html).toContain("PT Nusantara Distribusi is not in Lanyun Cloud's match list");
  });
});

describe("outcomes", () => {
  it("staff record an outcome of an accepted introduction, and it is audited", async () => {
    const started = startIntroduction({ staffUserId: w.staff.user.id, companyId: w.a, partnerId: w.b, purpose: "distribution", message: "Meet." });
    if (!started.ok) throw new Error(started.reason);
    const id = started.introductionId;
    const early = asData<{ current: string }>(await decide(id, { intent: "outcome", outcome: "met" }, w.staff.cookie));
    expect(early.init?.status).toBe(409);
    expect(acceptIntroduction({ introductionId: id, userId: w.alice.id }).ok).toBe(true);
    expect(acceptIntroduction({ introductionId: id, userId: w.budi.id }).ok).toBe(true);

    const untyped = asData<{ errors: { fieldErrors: Record<string, string[]> } }>(
      await decide(id, { intent: "outcome", outcome: "agreement_signed", partnershipType: "" }, w.staff.cookie),
    );
    expect(untyped.init?.status).toBe(400);
    expect(untyped.data.errors.fieldErrors.partnershipType).toEqual(["errors.intro.partnershipTypeRequired"]);
    const form = await renderDetail(id, { loaderData: await detail(id, w.staff.cookie), actionData: untyped.data });
    expect(form).toContain('aria-describedby="field-partnershipType-hint field-partnershipType-error"');
    expect(form).toContain("Choose the kind of agreement that was signed.");

    const response = (await decide(
      id,
      { intent: "outcome", outcome: "agreement_signed", partnershipType: "distribution", note: "Signed in Jakarta." },
      w.staff.cookie,
    )) as Response;
    expect(response.headers.get("location")).toBe(`/admin/introductions/${id}?done=outcome`);
    const audit = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "introduction.outcome"), eq(auditLog.entityId, String(id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: w.staff.user.id, entityType: "introduction" });
    const view = await detail(id, w.staff.cookie);
    expect(view.intro.outcomes[0]).toMatchObject({ outcome: "agreement_signed", partnershipType: "distribution", recordedBy: "Staff One", companyId: null });
  });
});

describe("the staff home and the company page", () => {
  it("count what waits, with the oldest request's age", async () => {
    const now = nowSeconds();
    const pendingBefore = countReviewQueue();
    makeListedCompany({ listed: false });
    const carol = await makeVerifiedUser();
    const c = makeListedCompany({ profile: { name: "Carol Cloud", country: "CN" }, members: [carol.id] });
    ask(w, { now: now - 3 * DAY - 60 });
    ask(w, { userId: carol.id, now: now - 60 });
    const dewi = await makeVerifiedUser();
    const d = makeListedCompany({ profile: { name: "Dewi Digital", country: "TH" }, members: [dewi.id] });
    // One accepted this month, one waiting for the firms.
    const accepted = startIntroduction({ staffUserId: w.staff.user.id, companyId: c, partnerId: d, purpose: "distribution", message: "Meet." });
    if (!accepted.ok) throw new Error(accepted.reason);
    acceptIntroduction({ introductionId: accepted.introductionId, userId: carol.id });
    acceptIntroduction({ introductionId: accepted.introductionId, userId: dewi.id });
    const waiting = startIntroduction({ staffUserId: w.staff.user.id, companyId: w.a, partnerId: d, purpose: "distribution", message: "Meet." });
    if (!waiting.ok) throw new Error(waiting.reason);
    // One accepted last month does not count.
    const old = startIntroduction({ staffUserId: w.staff.user.id, companyId: w.b, partnerId: d, purpose: "distribution", message: "Meet." });
    if (!old.ok) throw new Error(old.reason);
    getDb()
      .update(introductions)
      .set({ status: "accepted", acceptedAt: now - 40 * DAY })
      .where(eq(introductions.id, old.introductionId))
      .run();
    const first = getDb().select({ id: outbox.id }).from(outbox).limit(1).get()!;
    getDb().update(outbox).set({ status: "failed" }).where(eq(outbox.id, first.id)).run();

    const data = await overviewLoader({ request: getRequest("/admin", { cookie: w.staff.cookie }), ...ctx() });
    expect(data.introductions).toMatchObject({ awaitingDecision: 2, awaitingFirms: 1, acceptedThisMonth: 1 });
    expect(data.pendingProfiles).toBe(pendingBefore + 1);
    expect(data.mailFailed).toBe(1);
    const members = getDb().select().from(users).where(eq(users.role, "member")).all().length;
    expect(data.counts.member).toBe(members);

    const html = await renderPage({ url: "/admin", routePath: "admin", Component: AdminOverview, loaderData: data });
    expect(html).toContain("Oldest waiting: 3 days");
    for (const href of [
      "/admin/introductions",
      "/admin/reviews",
      "/admin/companies",
      "/admin/import",
      "/admin/matching",
      "/admin/analytics",
      "/admin/settings",
      "/admin/audit",
      "/admin/mail",
    ]) {
      expect(html, href).toContain(`href="${href}"`);
    }
    expect(html).not.toContain('href="/admin/staff"');
    const asAdmin = await overviewLoader({ request: getRequest("/admin", { cookie: w.staff2.cookie }), ...ctx() });
    expect(await renderPage({ url: "/admin", routePath: "admin", Component: AdminOverview, loaderData: asAdmin })).toContain('href="/admin/staff"');

    const company = await staffCompanyLoader({ request: getRequest(`/admin/companies/${d}`, { cookie: w.staff.cookie }), ...ctx({ companyId: String(d) }) });
    expect(company.introductions.introductions.map((i) => i.id).sort()).toEqual([accepted.introductionId, waiting.introductionId, old.introductionId].sort());
  });
});
