// The members' introduction pages called as Remix calls them, against a real SQLite file: asking
// from a match or a company page (and every refusal, in the page's HTML), the firm's list and
// the navigation badge, one introduction with its answers and outcomes, no way into another
// firm's introduction, contacts only once accepted, and the staff alert preference.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { introductionEvents, introductionOutcomes, introductions, matchExclusions, outbox, settings, staffAlertFrequencies } from "../../db/schema";
import { getDb } from "~/db.server";
import { setWeeklyCap } from "~/modules/introductions/settings.server";
import { acceptIntroduction, approveIntroduction, declineIntroduction, startIntroduction } from "~/modules/introductions/workflow.server";
import { getStaffAlertFrequency } from "~/modules/notifications/preferences.server";
import { syncMatches } from "~/modules/matching/sync.server";
import { loader as rootLoader } from "~/root";
import { asData, ctx, formRequest, getRequest, makeListedCompany, signedIn, signedInVerified, thrown } from "../../tests/factories";
import { renderPage } from "../../tests/render";
import Notifications, { action as notificationsAction, loader as notificationsLoader } from "./account_.notifications";
import CompanyPage, { action as companyAction, loader as companyLoader } from "./companies.$companyId._index";
import IntroductionPage, { action as detailAction, loader as detailLoader } from "./introductions.$introductionId";
import Introductions, { loader as listLoader } from "./introductions._index";
import MatchPage, { action as matchAction, loader as matchLoader } from "./matches.$partnerId";
import Matches, { loader as matchesLoader } from "./matches._index";

const db = () => getDb();
const row = (id: number) => db().select().from(introductions).where(eq(introductions.id, id)).get()!;
const allIntroductions = () => db().select().from(introductions).all();

type AskData = {
  ask: {
    values: { purpose: string; message: string };
    errors?: { fieldErrors: Record<string, string[]>; formErrors: string[] };
    refusal?: { key: string; params: Record<string, unknown>; introductionId?: number };
  };
};
type DetailData = { intent: string; errors?: { fieldErrors: Record<string, string[]>; formErrors: string[] }; refusal?: { key: string } };

const CONTACT_A = "wang.lan@lanyun.example";
const CONTACT_B = "budi@nusantara.example";

/**
 * Three listed firms with a verified, signed-in member each — a Chinese cloud firm (A), an
 * Indonesian distributor (B) that complement each other, a Thai firm (C) that is neither's
 * business — and council staff.
 */
async function world() {
  const alice = await signedInVerified({ name: "Alice Wang" });
  const budi = await signedInVerified({ name: "Budi Santoso" });
  const carol = await signedInVerified({ name: "Carol Tan" });
  const staff = await signedIn({ role: "staff", name: "Staff One" });
  const a = makeListedCompany({
    profile: { name: "Lanyun Cloud", localName: "蓝云科技", country: "CN", contactName: "Wang Lan", contactEmail: CONTACT_A },
    members: [alice.user.id],
  });
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
  const c = makeListedCompany({ profile: { name: "Thai Cloud", localName: "บริษัท ไทยคลาวด์", country: "TH" }, members: [carol.user.id] });
  return { alice, budi, carol, staff, a, b, c };
}

type World = Awaited<ReturnType<typeof world>>;

const MESSAGE = "我们是杭州的云服务商，正在寻找印尼的经销商。";

const askFields = (target: number, over: Record<string, string> = {}) => ({
  intent: "request",
  targetCompanyId: String(target),
  purpose: "distribution",
  message: MESSAGE,
  ...over,
});
const askFromCompany = (cookie: string, target: number, over: Record<string, string> = {}, origin?: string) =>
  companyAction({ request: formRequest(`/companies/${target}`, askFields(target, over), { cookie, origin }), ...ctx({ companyId: String(target) }) });
const askFromMatch = (cookie: string, target: number, over: Record<string, string> = {}) =>
  matchAction({ request: formRequest(`/matches/${target}`, askFields(target, over), { cookie }), ...ctx({ partnerId: String(target) }) });
const companyPage = (cookie: string, id: number) => companyLoader({ request: getRequest(`/companies/${id}`, { cookie }), ...ctx({ companyId: String(id) }) });
const detail = (cookie: string, id: number | string, query = "") =>
  detailLoader({ request: getRequest(`/introductions/${id}${query}`, { cookie }), ...ctx({ introductionId: String(id) }) });
const post = (cookie: string, id: number | string, fields: Record<string, string>, origin?: string) =>
  detailAction({ request: formRequest(`/introductions/${id}`, fields, { cookie, origin }), ...ctx({ introductionId: String(id) }) });

const renderCompany = async (cookie: string, id: number, actionData?: object) =>
  renderPage({ url: `/companies/${id}`, routePath: "companies/:companyId", Component: CompanyPage, loaderData: await companyPage(cookie, id), actionData });
const renderDetail = async (cookie: string, id: number, query = "", actionData?: object) =>
  renderPage({
    url: `/introductions/${id}${query}`,
    routePath: "introductions/:introductionId",
    Component: IntroductionPage,
    loaderData: await detail(cookie, id, query),
    actionData,
  });

/** Alice asks B through the company page; returns the new introduction's id. */
async function ask(w: World, target = w.b) {
  const response = (await askFromCompany(w.alice.cookie, target)) as Response;
  expect(response.status).toBe(302);
  return Number(response.headers.get("location")!.match(/^\/introductions\/(\d+)\?requested=1$/)![1]);
}

/** Alice's request to B, approved by the council: waiting for B's answer. */
async function approved(w: World) {
  const id = await ask(w);
  expect(approveIntroduction({ introductionId: id, staffUserId: w.staff.user.id }).ok).toBe(true);
  return id;
}

let w: World;
beforeEach(async () => {
  for (const table of [introductions, outbox, staffAlertFrequencies, matchExclusions, settings]) db().delete(table).run();
  w = await world();
});

describe("asking for an introduction", () => {
  it("from a company page: the request is created and the member lands on it", async () => {
    const page = await companyPage(w.alice.cookie, w.b);
    expect(page.ask).toMatchObject({ state: "ready", defaultPurpose: "distribution", remaining: 10, cap: 10 });
    const html = await renderCompany(w.alice.cookie, w.b);
    expect(html).toContain('<option value="distribution" selected="">');
    expect(html).toContain("in up to 1,000 characters");
    expect(html).toContain('aria-describedby="ask-message-hint"');

    const response = (await askFromCompany(w.alice.cookie, w.b)) as Response;
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("location")!.split("/")[2].split("?")[0]);
    expect(response.headers.get("location")).toBe(`/introductions/${id}?requested=1`);
    expect(row(id)).toMatchObject({
      status: "requested",
      requesterCompanyId: w.a,
      targetCompanyId: w.b,
      purpose: "distribution",
      message: MESSAGE,
      initiatedBy: "member",
    });

    const landed = await renderDetail(w.alice.cookie, id, "?requested=1");
    expect(landed).toMatch(/role="status"[^>]*>Your request is sent/);
    expect(landed).toContain("Awaiting council review");
  });

  it("from a match page, with the purpose both firms list preselected", async () => {
    await syncMatches();
    const page = await matchLoader({ request: getRequest(`/matches/${w.b}`, { cookie: w.alice.cookie }), ...ctx({ partnerId: String(w.b) }) });
    expect(page.ask).toMatchObject({ state: "ready", defaultPurpose: "distribution", shared: ["distribution"] });
    const html = await renderPage({ url: `/matches/${w.b}`, routePath: "matches/:partnerId", Component: MatchPage, loaderData: page });
    expect(html).toContain('id="ask-heading"');
    expect(html).toContain("Distribution or reseller agreement (both firms list it)");

    const response = (await askFromMatch(w.alice.cookie, w.b, { purpose: "joint_venture" })) as Response;
    expect(response.status).toBe(302);
    const [created] = allIntroductions();
    expect(response.headers.get("location")).toBe(`/introductions/${created.id}?requested=1`);
    expect(created).toMatchObject({ targetCompanyId: w.b, purpose: "joint_venture" });
    // The match page's other form still works.
    const dismiss = (await matchAction({
      request: formRequest(`/matches/${w.b}`, { intent: "dismiss", partnerId: String(w.b) }, { cookie: w.alice.cookie }),
      ...ctx({ partnerId: String(w.b) }),
    })) as Response;
    expect(dismiss.headers.get("location")).toBe(`/matches?dismissed=${w.b}`);
  });

  it("refuses at the weekly cap, saying the number, and the page then explains instead of offering the form", async () => {
    expect(setWeeklyCap({ cap: 1, staffUserId: w.staff.user.id }).ok).toBe(true);
    await ask(w, w.b);
    const refused = asData<AskData>(await askFromCompany(w.alice.cookie, w.c));
    expect(refused.init?.status).toBe(409);
    expect(refused.data.ask.refusal).toMatchObject({ key: "errors.intro.weeklyCap", params: { cap: 1 } });
    expect(refused.data.ask.values.message).toBe(MESSAGE);
    expect(allIntroductions()).toHaveLength(1);
    const html = await renderCompany(w.alice.cookie, w.c, refused.data);
    expect(html).toContain("reached this week's limit of open introduction requests (at most 1)");
    expect(html).not.toContain('name="message"');
  });

  it("refuses a second request while one is open, with a link to it", async () => {
    const id = await ask(w);
    const page = await companyPage(w.alice.cookie, w.b);
    expect(page.ask).toMatchObject({ state: "open", introduction: { id, status: "requested" } });
    const refused = asData<AskData>(await askFromCompany(w.alice.cookie, w.b));
    expect(refused.init?.status).toBe(409);
    expect(refused.data.ask.refusal).toMatchObject({ key: "errors.intro.alreadyOpen", introductionId: id });
    expect(allIntroductions()).toHaveLength(1);
    const html = await renderCompany(w.alice.cookie, w.b);
    expect(html).toContain(`href="/introductions/${id}"`);
    expect(html).toContain("Awaiting council review");
    // The other firm, which has not heard of the request, learns only that one is under way.
    const theirs = await companyPage(w.budi.cookie, w.a);
    expect(theirs.ask).toEqual({ state: "open", introduction: null });
    expect(JSON.stringify(theirs)).not.toContain(MESSAGE);
  });

  it("a match with an accepted introduction says so on its card and breakdown, and asking again is refused", async () => {
    await syncMatches();
    const id = await approved(w);
    const at = Math.floor(Date.UTC(2026, 11, 7, 9) / 1000);
    expect(acceptIntroduction({ introductionId: id, userId: w.budi.user.id, now: at }).ok).toBe(true);
    const staffMails = db().select().from(outbox).where(eq(outbox.template, "intro_staff_new_request")).all().length;

    const list = await matchesLoader({ request: getRequest("/matches", { cookie: w.alice.cookie }), ...ctx() });
    const listHtml = await renderPage({ url: "/matches", routePath: "matches", Component: Matches, loaderData: list });
    expect(listHtml).toMatch(new RegExp(`href="/introductions/${id}"[^>]*>Introduction accepted on 7 Dec 2026 — see contacts`));

    const page = await matchLoader({ request: getRequest(`/matches/${w.b}`, { cookie: w.alice.cookie }), ...ctx({ partnerId: String(w.b) }) });
    expect(page.ask).toEqual({ state: "accepted", introduction: { id, acceptedAt: at } });
    const html = await renderPage({ url: `/matches/${w.b}`, routePath: "matches/:partnerId", Component: MatchPage, loaderData: page });
    expect(html).toContain("Introduction accepted on 7 Dec 2026 — see contacts");
    expect(html).toContain("introduction was accepted on 7 Dec 2026: you have each other");
    expect(html).not.toContain('name="message"');

    const refused = asData<AskData>(await askFromMatch(w.alice.cookie, w.b));
    expect(refused.init?.status).toBe(409);
    expect(refused.data.ask.refusal).toMatchObject({ key: "errors.intro.alreadyAccepted", introductionId: id });
    const fromBudi = asData<AskData>(await askFromCompany(w.budi.cookie, w.a));
    expect(fromBudi.data.ask.refusal).toMatchObject({ key: "errors.intro.alreadyAccepted", introductionId: id });
    expect(allIntroductions()).toHaveLength(1);
    expect(db().select().from(outbox).where(eq(outbox.template, "intro_staff_new_request")).all()).toHaveLength(staffMails);
  });

  it("sends an unverified member to confirm the address, and the page explains it instead of a form", async () => {
    const eko = await signedIn({ name: "Eko Unverified" });
    makeListedCompany({ profile: { name: "Eko Digital", country: "ID" }, members: [eko.user.id] });
    const page = await companyPage(eko.cookie, w.a);
    expect(page.ask).toEqual({ state: "unverified" });
    const html = await renderCompany(eko.cookie, w.a);
    expect(html).toContain("Only members with a confirmed e-mail address can ask for introductions");
    expect(html).not.toContain('name="message"');
    const response = await thrown(askFromCompany(eko.cookie, w.a));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account?verification=required");
    const fromMatch = await thrown(askFromMatch(eko.cookie, w.a));
    expect(fromMatch.headers.get("location")).toBe("/account?verification=required");
    expect(allIntroductions()).toHaveLength(0);
  });

  it("refuses a member whose own firm is not listed", async () => {
    const fajar = await signedInVerified();
    makeListedCompany({ profile: { name: "Unlisted Ltd", country: "VN" }, members: [fajar.user.id], listed: false });
    expect((await companyPage(fajar.cookie, w.b)).ask).toEqual({ state: "not_listed" });
    const refused = asData<AskData>(await askFromCompany(fajar.cookie, w.b));
    expect(refused.init?.status).toBe(409);
    expect(refused.data.ask.refusal?.key).toBe("errors.intro.notListed");
    expect(allIntroductions()).toHaveLength(0);
  });

  it("refuses asking again a firm that declined before", async () => {
    const id = await approved(w);
    expect(((await post(w.budi.cookie, id, { intent: "decline", note: "" })) as Response).status).toBe(302);
    expect((await companyPage(w.alice.cookie, w.b)).ask).toEqual({ state: "declined_before" });
    const refused = asData<AskData>(await askFromCompany(w.alice.cookie, w.b));
    expect(refused.init?.status).toBe(409);
    expect(refused.data.ask.refusal?.key).toBe("errors.intro.declinedBefore");
  });

  it("answers 400 with field errors and the submitted values: empty or too long message, unknown purpose", async () => {
    const empty = asData<AskData>(await askFromCompany(w.alice.cookie, w.b, { message: "   " }));
    expect(empty.init?.status).toBe(400);
    expect(empty.data.ask.errors?.fieldErrors.message).toEqual(["errors.intro.messageRequired"]);

    for (const char of ["ก", "中"]) {
      const long = char.repeat(1001);
      const tooLong = asData<AskData>(await askFromCompany(w.alice.cookie, w.b, { message: long }));
      expect(tooLong.init?.status).toBe(400);
      expect(tooLong.data.ask.errors?.fieldErrors.message).toEqual(["errors.intro.tooLong"]);
      expect(tooLong.data.ask.values.message).toBe(long);
    }
    const unknown = asData<AskData>(await askFromCompany(w.alice.cookie, w.b, { purpose: "friendship" }));
    expect(unknown.init?.status).toBe(400);
    expect(unknown.data.ask.errors?.fieldErrors.purpose).toEqual(["errors.intro.purpose"]);
    expect(allIntroductions()).toHaveLength(0);

    // The page keeps what was typed and ties each error to its field.
    const invalid = asData<AskData>(await askFromCompany(w.alice.cookie, w.b, { purpose: "", message: "ก".repeat(1001) }));
    const html = await renderCompany(w.alice.cookie, w.b, invalid.data);
    expect(html).toContain("Longer than 1000 characters.");
    expect(html).toContain('aria-describedby="ask-message-hint ask-message-error"');
    expect(html).toContain('aria-describedby="ask-purpose-hint ask-purpose-error"');
    expect(html).toContain(`>${"ก".repeat(1001)}</textarea>`);
    expect(html).toContain("1001 of 1,000 characters used.");

    // Exactly 1,000 characters in Thai is accepted.
    expect(((await askFromCompany(w.alice.cookie, w.b, { message: "ก".repeat(1000) })) as Response).status).toBe(302);
  });

  it("rejects fields the form does not have: a smuggled status changes nothing", async () => {
    const smuggled = asData<AskData>(await askFromCompany(w.alice.cookie, w.b, { status: "accepted" }));
    expect(smuggled.init?.status).toBe(400);
    expect(smuggled.data.ask.errors?.formErrors.length).toBeGreaterThan(0);
    const otherTarget = asData<AskData>(await askFromCompany(w.alice.cookie, w.b, { targetCompanyId: String(w.c) }));
    expect(otherTarget.init?.status).toBe(400);
    expect(allIntroductions()).toHaveLength(0);

    const id = await approved(w);
    const before = row(id);
    const extra = asData<DetailData>(await post(w.budi.cookie, id, { intent: "accept", status: "accepted" }));
    expect(extra.init?.status).toBe(400);
    const unknownIntent = asData<DetailData>(await post(w.budi.cookie, id, { intent: "approve" }));
    expect(unknownIntent.init?.status).toBe(400);
    expect(row(id)).toEqual(before);
  });

  it("refuses a cross-origin POST on every form", async () => {
    const evil = "https://evil.example";
    expect((await thrown(askFromCompany(w.alice.cookie, w.b, {}, evil))).status).toBe(403);
    const fromMatch = formRequest(`/matches/${w.b}`, askFields(w.b), { cookie: w.alice.cookie, origin: evil });
    expect((await thrown(matchAction({ request: fromMatch, ...ctx({ partnerId: String(w.b) }) }))).status).toBe(403);
    expect(allIntroductions()).toHaveLength(0);
    const id = await approved(w);
    expect((await thrown(post(w.budi.cookie, id, { intent: "accept" }, evil))).status).toBe(403);
    expect(row(id).status).toBe("approved");
  });

  it("offers no form on the member's own company page or to staff", async () => {
    expect((await companyPage(w.alice.cookie, w.a)).ask).toEqual({ state: "hidden" });
    expect((await companyPage(w.staff.cookie, w.a)).ask).toEqual({ state: "hidden" });
    const html = await renderCompany(w.alice.cookie, w.a);
    expect(html).not.toContain('id="ask-heading"');
  });
});

describe("another firm's introduction", () => {
  it("is 404 to a member of a third firm on GET and on every POST intent, and nothing changes", async () => {
    const id = await approved(w);
    const snapshot = () => ({
      row: row(id),
      events: db().select().from(introductionEvents).where(eq(introductionEvents.introductionId, id)).all(),
      outcomes: db().select().from(introductionOutcomes).where(eq(introductionOutcomes.introductionId, id)).all(),
      exclusions: db().select().from(matchExclusions).all(),
    });
    const before = snapshot();
    expect((await thrown(detail(w.carol.cookie, id))).status).toBe(404);
    const intents: Record<string, string>[] = [
      { intent: "accept" },
      { intent: "decline", note: "no" },
      { intent: "withdraw" },
      { intent: "outcome", outcome: "met", partnershipType: "", note: "" },
      { intent: "nonsense" },
    ];
    for (const fields of intents) expect((await thrown(post(w.carol.cookie, id, fields))).status, fields.intent).toBe(404);
    expect(snapshot()).toEqual(before);
    for (const bad of ["abc", "0", "-1", "1e3", "99999999", "1.5"]) {
      expect((await thrown(detail(w.alice.cookie, bad))).status, bad).toBe(404);
      expect((await thrown(post(w.alice.cookie, bad, { intent: "withdraw" }))).status, bad).toBe(404);
    }
    // Signed out: sent to sign in, not shown anything.
    const anonymous = await thrown(detailLoader({ request: getRequest(`/introductions/${id}`), ...ctx({ introductionId: String(id) }) }));
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("a request the council has not approved is not the target firm's to see", async () => {
    const id = await ask(w);
    expect((await thrown(detail(w.budi.cookie, id))).status).toBe(404);
    expect((await thrown(post(w.budi.cookie, id, { intent: "decline" }))).status).toBe(404);
    expect((await listLoader({ request: getRequest("/introductions", { cookie: w.budi.cookie }), ...ctx() })).groups.waiting).toHaveLength(0);
  });
});

describe("one introduction", () => {
  it("shows the partner's contact e-mail only once accepted", async () => {
    const id = await approved(w);
    for (const cookie of [w.alice.cookie, w.budi.cookie]) {
      const html = await renderDetail(cookie, id);
      expect(html).not.toContain(CONTACT_A);
      expect(html).not.toContain(CONTACT_B);
      expect(html).not.toContain("mailto:");
    }
    const budiPage = await renderDetail(w.budi.cookie, id);
    expect(budiPage).toContain("Waiting for your answer");
    expect(budiPage).toContain("Only council staff read this note");
    expect(budiPage).toContain(MESSAGE);
    expect(budiPage).toContain('<span lang="zh" class="ml-2 text-xl font-normal text-slate-700">蓝云科技</span>');

    const accepted = (await post(w.budi.cookie, id, { intent: "accept" })) as Response;
    expect(accepted.headers.get("location")).toBe(`/introductions/${id}?done=accepted`);
    expect(row(id).status).toBe("accepted");

    const alicePage = await renderDetail(w.alice.cookie, id);
    expect(alicePage).toContain(`<a href="mailto:${CONTACT_B}"`);
    expect(alicePage).toContain("Budi S.");
    expect(alicePage).not.toContain(CONTACT_A);
    const budiAfter = await renderDetail(w.budi.cookie, id, "?done=accepted");
    expect(budiAfter).toContain(`<a href="mailto:${CONTACT_A}"`);
    expect(budiAfter).toMatch(/role="status"[^>]*>You accepted\./);
    expect(budiAfter).toContain('id="outcome"');
  });

  it("shows the council's reason to the requester; the target cannot open it", async () => {
    const id = await ask(w);
    expect(declineIntroduction({ introductionId: id, staffUserId: w.staff.user.id, reason: "Please complete your profile first." }).ok).toBe(true);
    const html = await renderDetail(w.alice.cookie, id);
    expect(html).toContain("The council's reason");
    expect(html).toContain("Please complete your profile first.");
    expect(html).toContain("Council staff");
    expect(html).not.toContain("Staff One");
    expect((await thrown(detail(w.budi.cookie, id))).status).toBe(404);
  });

  it("accept: the requester cannot answer its own request (409); once accepted, no second answer", async () => {
    const id = await approved(w);
    const own = asData<DetailData>(await post(w.alice.cookie, id, { intent: "accept" }));
    expect(own.init?.status).toBe(409);
    expect(own.data.refusal?.key).toBe("errors.intro.notYourTurn");
    expect(((await post(w.budi.cookie, id, { intent: "accept" })) as Response).status).toBe(302);
    const again = asData<DetailData>(await post(w.budi.cookie, id, { intent: "decline" }));
    expect(again.init?.status).toBe(409);
    const html = await renderDetail(w.budi.cookie, id, "", again.data);
    // Said to a member without naming the staff member who approved it.
    expect(html).toMatch(/role="alert"[^>]*>This introduction is already “Accepted”, so that is no longer possible\./);
    expect(html).not.toContain("Staff One");
  });

  it("decline: the note reaches staff only; the requester reads that the firm declined", async () => {
    const id = await approved(w);
    const response = (await post(w.budi.cookie, id, { intent: "decline", note: "Not our market this year." })) as Response;
    expect(response.headers.get("location")).toBe(`/introductions/${id}?done=declined`);
    expect(row(id)).toMatchObject({ status: "declined_by_target", declineNote: "Not our market this year." });
    const alicePage = await renderDetail(w.alice.cookie, id);
    expect(alicePage).toContain("PT Nusantara Distribusi declined this introduction.");
    expect(alicePage).not.toContain("Not our market");
    const tooLong = asData<DetailData>(await post(w.budi.cookie, id, { intent: "decline", note: "中".repeat(1001) }));
    expect(tooLong.init?.status).toBe(400);
    expect(tooLong.data.errors?.fieldErrors.note).toEqual(["errors.intro.tooLong"]);
  });

  it("withdraw: the requester, while open; then it is refused", async () => {
    const id = await ask(w);
    const html = await renderDetail(w.alice.cookie, id);
    expect(html).toContain('name="intent" value="withdraw"');
    const response = (await post(w.alice.cookie, id, { intent: "withdraw" })) as Response;
    expect(response.headers.get("location")).toBe(`/introductions/${id}?done=withdrawn`);
    expect(row(id).status).toBe("withdrawn");
    expect(asData<DetailData>(await post(w.alice.cookie, id, { intent: "withdraw" })).init?.status).toBe(409);
    expect(await renderDetail(w.alice.cookie, id, "?done=withdrawn")).not.toContain('value="withdraw"');
    // A made-up flash is ignored, not an error page.
    expect(await renderDetail(w.alice.cookie, id, "?done=toString")).not.toContain('role="status"');
  });

  it("outcome: only when accepted; an agreement needs its type; records are listed newest first", async () => {
    const id = await approved(w);
    const early = asData<DetailData>(await post(w.alice.cookie, id, { intent: "outcome", outcome: "met", partnershipType: "", note: "" }));
    expect(early.init?.status).toBe(409);
    await post(w.budi.cookie, id, { intent: "accept" });

    const met = (await post(w.alice.cookie, id, { intent: "outcome", outcome: "met", partnershipType: "", note: "Met in Jakarta." })) as Response;
    expect(met.headers.get("location")).toBe(`/introductions/${id}?done=outcome#outcome`);
    const noType = asData<DetailData>(await post(w.budi.cookie, id, { intent: "outcome", outcome: "agreement_signed", partnershipType: "", note: "" }));
    expect(noType.init?.status).toBe(400);
    expect(noType.data.errors?.fieldErrors.partnershipType).toEqual(["errors.intro.partnershipTypeRequired"]);
    const badOutcome = asData<DetailData>(await post(w.budi.cookie, id, { intent: "outcome", outcome: "married", partnershipType: "", note: "" }));
    expect(badOutcome.data.errors?.fieldErrors.outcome).toEqual(["errors.intro.outcome"]);
    const rendered = await renderDetail(w.budi.cookie, id, "", noType.data);
    expect(rendered).toContain('aria-describedby="outcome-type-hint outcome-type-error"');
    expect(rendered).toContain('<option value="agreement_signed" selected="">');

    const signed = (await post(w.budi.cookie, id, { intent: "outcome", outcome: "agreement_signed", partnershipType: "distribution", note: "" })) as Response;
    expect(signed.status).toBe(302);
    const outcomes = db().select().from(introductionOutcomes).where(eq(introductionOutcomes.introductionId, id)).all();
    expect(outcomes.map((o) => [o.outcome, o.partnershipType])).toEqual([
      ["met", null],
      ["agreement_signed", "distribution"],
    ]);
    const html = await renderDetail(w.alice.cookie, id);
    expect(html.indexOf("Agreement signed · Distribution")).toBeLessThan(html.indexOf("We met"));
    expect(html).toContain("Met in Jakarta.");
    expect(html).toContain("(latest)");
  });

  it("a council suggestion waits for both firms: the first to accept is told to wait for the other", async () => {
    const started = startIntroduction({
      staffUserId: w.staff.user.id,
      companyId: w.a,
      partnerId: w.c,
      purpose: "joint_venture",
      message: "The council thinks you fit.",
    });
    if (!started.ok) throw new Error(started.reason);
    const id = started.introductionId;
    const first = (await post(w.alice.cookie, id, { intent: "accept" })) as Response;
    expect(first.headers.get("location")).toBe(`/introductions/${id}?done=acceptedOne`);
    const html = await renderDetail(w.alice.cookie, id, "?done=acceptedOne");
    expect(html).toContain("Once Thai Cloud accepts too");
    expect(html).toContain("Suggested by the council");
    expect(html).not.toContain("mailto:");
    expect(((await post(w.carol.cookie, id, { intent: "accept" })) as Response).headers.get("location")).toBe(`/introductions/${id}?done=accepted`);
    expect(await renderDetail(w.alice.cookie, id)).toContain("mailto:");
  });
});

describe("the firm's introductions and the navigation badge", () => {
  it("groups by what the firm must do, and the badge counts what waits for its answer", async () => {
    const waitingForBudi = await approved(w);
    const suggestion = startIntroduction({ staffUserId: w.staff.user.id, companyId: w.b, partnerId: w.c, purpose: "supply", message: "Meet." });
    if (!suggestion.ok) throw new Error(suggestion.reason);
    const list = (cookie: string) => listLoader({ request: getRequest("/introductions", { cookie }), ...ctx() });
    const ids = (groups: Awaited<ReturnType<typeof list>>["groups"]) =>
      Object.fromEntries(Object.entries(groups).map(([g, rows]) => [g, rows.map((r) => r.id)]));

    expect(ids((await list(w.budi.cookie)).groups)).toEqual({ waiting: [suggestion.introductionId, waitingForBudi], sent: [], council: [], closed: [] });
    expect(ids((await list(w.alice.cookie)).groups)).toEqual({ waiting: [], sent: [waitingForBudi], council: [], closed: [] });
    const badge = async (cookie: string) =>
      ((await rootLoader({ request: getRequest("/introductions", { cookie }), ...ctx() })) as { user: { awaitingIntroductions: number } }).user
        .awaitingIntroductions;
    expect(await badge(w.budi.cookie)).toBe(2);
    expect(await badge(w.alice.cookie)).toBe(0);

    await post(w.budi.cookie, suggestion.introductionId, { intent: "accept" });
    await post(w.budi.cookie, waitingForBudi, { intent: "accept" });
    const after = await list(w.budi.cookie);
    expect(ids(after.groups)).toEqual({ waiting: [], sent: [], council: [suggestion.introductionId], closed: [waitingForBudi] });
    expect(await badge(w.budi.cookie)).toBe(0);
    expect(ids((await list(w.carol.cookie)).groups).waiting).toEqual([suggestion.introductionId]);

    const html = await renderPage({ url: "/introductions", routePath: "introductions", Component: Introductions, loaderData: after });
    expect(html).toContain("<caption");
    expect(html).toContain('<span lang="zh">蓝云科技</span>');
    expect(html).toContain('<span lang="th">บริษัท ไทยคลาวด์</span>');
    expect(html).toContain(`href="/introductions/${waitingForBudi}"`);
    expect(html).toContain("China");
    expect(html).toContain("Supply");
    expect(html).toContain("Accepted");
    expect(html).toContain("Council suggestions (1)");
  });

  it("explains how to ask when there is nothing yet", async () => {
    const data = await listLoader({ request: getRequest("/introductions", { cookie: w.carol.cookie }), ...ctx() });
    const html = await renderPage({ url: "/introductions", routePath: "introductions", Component: Introductions, loaderData: data, locale: "zh" });
    expect(html).toContain("暂无引荐");
    expect(html).toContain('href="/matches"');
    const staff = await thrown(listLoader({ request: getRequest("/introductions", { cookie: w.staff.cookie }), ...ctx() }));
    expect(staff.headers.get("location")).toBe("/admin/introductions");
  });
});

describe("staff alert preference", () => {
  const page = (cookie: string) => notificationsLoader({ request: getRequest("/account/notifications", { cookie }), ...ctx() });
  const save = (cookie: string, fields: Record<string, string>) =>
    notificationsAction({ request: formRequest("/account/notifications", fields, { cookie }), ...ctx() });

  it("staff choose at once or a daily digest; members neither see nor set it", async () => {
    expect((await page(w.staff.cookie)).staffAlerts).toMatchObject({ frequency: "immediately" });
    const saved = (await save(w.staff.cookie, { intent: "staffAlerts", frequency: "daily" })) as Response;
    expect(saved.headers.get("location")).toBe("/account/notifications?saved=staffAlerts");
    expect(getStaffAlertFrequency({ userId: w.staff.user.id })).toBe("daily");
    const loaded = await page(w.staff.cookie);
    const html = await renderPage({
      url: "/account/notifications?saved=staffAlerts",
      routePath: "account/notifications",
      Component: Notifications,
      loaderData: loaded,
    });
    expect(html).toMatch(/<input id="staff-alerts-daily" [^>]*checked=""/);
    expect(html).not.toMatch(/<input id="staff-alerts-immediately" [^>]*checked=""/);
    expect(html).toContain("08:00 UTC");
    expect(html).toContain("Saved: how you hear of new introduction requests.");
    expect(asData(await save(w.staff.cookie, { intent: "staffAlerts", frequency: "hourly" })).init?.status).toBe(400);
    expect(getStaffAlertFrequency({ userId: w.staff.user.id })).toBe("daily");

    const member = await page(w.alice.cookie);
    expect(member.staffAlerts).toBeNull();
    const memberHtml = await renderPage({ url: "/account/notifications", routePath: "account/notifications", Component: Notifications, loaderData: member });
    expect(memberHtml).not.toContain('name="frequency"');
    expect((await thrown(save(w.alice.cookie, { intent: "staffAlerts", frequency: "daily" }))).status).toBe(403);
    expect(db().select().from(staffAlertFrequencies).where(eq(staffAlertFrequencies.userId, w.alice.user.id)).get()).toBeUndefined();
    // The e-mail preferences form is as it was.
    expect(((await save(w.alice.cookie, { category: "introductions" })) as Response).headers.get("location")).toBe("/account/notifications?saved=1");
  });
});
