// The admin pages of staff accounts, settings, the audit log and match moderation, called as Remix
// calls them: guards first (members and anonymous visitors out, staff only where allowed, a form
// from another site refused), then what each page shows and changes, read back from SQLite.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessions } from "../../db/schema";
import { getDb } from "~/db.server";
import { listAudit, recordAudit } from "~/modules/audit/audit.server";
import type { AuditAction } from "~/modules/audit/labels";
import { createUserSession, getSessionUser } from "~/modules/auth/session.server";
import { authenticate, getUserByEmail } from "~/modules/auth/users.server";
import { insertCompany } from "~/modules/companies/listing.server";
import { profileDraftSchema, type Profile } from "~/modules/companies/schemas";
import { getWeeklyCap } from "~/modules/introductions/settings.server";
import { listHiddenMatches } from "~/modules/matching/exclusions.server";
import { getMatch, getMatchingRules, getMinScore } from "~/modules/matching/store.server";
import { getT } from "~/modules/i18n/locales.server";
import type { FormErrors } from "~/utils/form";
import { syncMatches } from "~/modules/matching/sync.server";
import { asData, ctx, formRequest, getRequest, type Returned, signedIn, thrown } from "../../tests/factories";
import { loader as auditLoader } from "./admin.audit";
import { action as pairAction, loader as pairLoader } from "./admin.matches.$companyId.$partnerId";
import { action as matchesAction, loader as matchesLoader } from "./admin.matches.$companyId._index";
import { action as settingsAction, loader as settingsLoader } from "./admin.settings";
import { action as staffAction, loader as staffLoader } from "./admin.staff";

const EVIL = "https://evil.example";

describe("/admin/staff", () => {
  it("lets an admin create an account whose one-time password is shown once, hashed, and must be changed", async () => {
    const admin = await signedIn({ role: "admin" });
    const result = asData<{ created: { email: string; role: string; oneTimePassword: string } }>(
      await staffAction({
        request: formRequest("/admin/staff", { intent: "create", name: "Trần Văn Nam", email: "Nam@Council.test", role: "staff" }, { cookie: admin.cookie }),
        ...ctx(),
      }),
    );
    const password = result.data.created.oneTimePassword;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(result.data.created).toMatchObject({ email: "nam@council.test", role: "staff" });
    const user = getUserByEmail({ email: "nam@council.test" })!;
    expect(user).toMatchObject({ name: "Trần Văn Nam", role: "staff", mustChangePassword: true, disabledAt: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(password);
    expect(await authenticate({ email: "nam@council.test", password })).not.toBeNull();
    // Shown once: the page itself never has it, nor the audit log.
    const page = await staffLoader({ request: getRequest("/admin/staff", { cookie: admin.cookie }), ...ctx() });
    expect(page.staff.map((s) => s.email)).toContain("nam@council.test");
    expect(JSON.stringify(page)).not.toContain(password);
    const entries = getDb().select().from(auditLog).where(eq(auditLog.entityId, user.id)).all();
    expect(entries).toEqual([expect.objectContaining({ action: "staff.create", actorUserId: admin.user.id })]);
    expect(JSON.stringify(entries)).not.toContain(password);

    // An administrator too; and an address in use is a field error.
    const chief = asData<{ created: { role: string } }>(
      await staffAction({
        request: formRequest("/admin/staff", { intent: "create", name: "Chief", email: "chief-route@council.test", role: "admin" }, { cookie: admin.cookie }),
        ...ctx(),
      }),
    );
    expect(chief.data.created.role).toBe("admin");
    expect(getUserByEmail({ email: "chief-route@council.test" })?.role).toBe("admin");
    const taken = asData<{ errors: { fieldErrors: Record<string, string[]> } }>(
      await staffAction({
        request: formRequest("/admin/staff", { intent: "create", name: "Again", email: "nam@council.test", role: "staff" }, { cookie: admin.cookie }),
        ...ctx(),
      }),
    );
    expect(taken.init?.status).toBe(409);
    expect(taken.data.errors.fieldErrors.email).toEqual(["staff.errors.emailTaken"]);
    const bad = asData<{ errors: { fieldErrors: Record<string, string[]> } }>(
      await staffAction({
        request: formRequest("/admin/staff", { intent: "create", name: " ", email: "not-an-address", role: "member" }, { cookie: admin.cookie }),
        ...ctx(),
      }),
    );
    expect(bad.init?.status).toBe(400);
    expect(bad.data.errors.fieldErrors).toMatchObject({ name: ["staff.errors.nameRequired"], email: ["errors.email.invalid"], role: ["staff.errors.role"] });
  });

  it("refuses a staff name with a line break, naming the field, and creates no account", async () => {
    const admin = await signedIn({ role: "admin" });
    const bad = asData<{ errors: { fieldErrors: Record<string, string[]> } }>(
      await staffAction({
        request: formRequest(
          "/admin/staff",
          { intent: "create", name: "Mallory\r\nBcc: x@y", email: "mallory-staff@council.test", role: "staff" },
          { cookie: admin.cookie },
        ),
        ...ctx(),
      }),
    );
    expect(bad.init?.status).toBe(400);
    expect(bad.data.errors.fieldErrors.name).toEqual(["staff.errors.nameControlChars"]);
    expect(getUserByEmail({ email: "mallory-staff@council.test" })).toBeNull();
  });

  it("disables an account, ending all its sessions, and enables it again; an admin cannot disable themself", async () => {
    const admin = await signedIn({ role: "admin" });
    const officer = await signedIn({ role: "staff" });
    await createUserSession({ userId: officer.user.id });
    expect(getDb().select().from(sessions).where(eq(sessions.userId, officer.user.id)).all()).toHaveLength(2);

    const res = (await staffAction({
      request: formRequest("/admin/staff", { intent: "disable", userId: officer.user.id }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/staff?done=disabled");
    expect(getDb().select().from(sessions).where(eq(sessions.userId, officer.user.id)).all()).toHaveLength(0);
    expect((await getSessionUser(getRequest("/admin", { cookie: officer.cookie }))).user).toBeNull();
    expect(getUserByEmail({ email: officer.user.email })?.disabledAt).not.toBeNull();
    const page = await staffLoader({ request: getRequest("/admin/staff", { cookie: admin.cookie }), ...ctx() });
    expect(page.staff.find((s) => s.id === officer.user.id)?.disabled).toBe(true);

    const self = asData<{ errors: { formErrors: string[] } }>(
      await staffAction({ request: formRequest("/admin/staff", { intent: "disable", userId: admin.user.id }, { cookie: admin.cookie }), ...ctx() }),
    );
    expect(self.init?.status).toBe(409);
    expect(self.data.errors.formErrors).toEqual(["staff.errors.self"]);
    expect(getUserByEmail({ email: admin.user.email })?.disabledAt).toBeNull();
    expect((await getSessionUser(getRequest("/admin", { cookie: admin.cookie }))).user?.id).toBe(admin.user.id);

    const enabled = (await staffAction({
      request: formRequest("/admin/staff", { intent: "enable", userId: officer.user.id }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(enabled.headers.get("location")).toBe("/admin/staff?done=enabled");
    expect(getUserByEmail({ email: officer.user.email })?.disabledAt).toBeNull();
    const actions = getDb()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, officer.user.id))
      .all()
      .map((r) => r.action);
    expect(actions).toEqual(["staff.disable", "staff.enable"]);
    expect(
      (await thrown(staffAction({ request: formRequest("/admin/staff", { intent: "disable", userId: "nobody" }, { cookie: admin.cookie }), ...ctx() }))).status,
    ).toBe(404);
  });

  it("is for admins only: staff and members get 403, a form from another site is refused", async () => {
    const staff = await signedIn({ role: "staff" });
    const member = await signedIn();
    const admin = await signedIn({ role: "admin" });
    for (const { cookie } of [staff, member]) {
      expect((await thrown(staffLoader({ request: getRequest("/admin/staff", { cookie }), ...ctx() }))).status).toBe(403);
      const create = formRequest("/admin/staff", { intent: "create", name: "Sneaky", email: "sneaky@council.test", role: "admin" }, { cookie });
      expect((await thrown(staffAction({ request: create, ...ctx() }))).status).toBe(403);
      const disable = formRequest("/admin/staff", { intent: "disable", userId: admin.user.id }, { cookie });
      expect((await thrown(staffAction({ request: disable, ...ctx() }))).status).toBe(403);
    }
    const evil = formRequest(
      "/admin/staff",
      { intent: "create", name: "Evil", email: "evil@council.test", role: "admin" },
      { cookie: admin.cookie, origin: EVIL },
    );
    expect((await thrown(staffAction({ request: evil, ...ctx() }))).status).toBe(403);
    expect(getUserByEmail({ email: "sneaky@council.test" })).toBeNull();
    expect(getUserByEmail({ email: "evil@council.test" })).toBeNull();
    expect(getUserByEmail({ email: admin.user.email })?.disabledAt).toBeNull();
  });
});

describe("/admin/settings", () => {
  it("sends anonymous visitors to sign in and refuses members", async () => {
    const anonymous = await thrown(settingsLoader({ request: getRequest("/admin/settings"), ...ctx() }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const member = await signedIn();
    expect((await thrown(settingsLoader({ request: getRequest("/admin/settings", { cookie: member.cookie }), ...ctx() }))).status).toBe(403);
    expect(
      (await thrown(settingsAction({ request: formRequest("/admin/settings", { intent: "weeklyCap", cap: "3" }, { cookie: member.cookie }), ...ctx() })))
        .status,
    ).toBe(403);
  });

  it("shows staff the settings but lets only admins change them", async () => {
    const staff = await signedIn({ role: "staff" });
    const page = await settingsLoader({ request: getRequest("/admin/settings", { cookie: staff.cookie }), ...ctx() });
    expect(page).toEqual({
      weeklyCap: getWeeklyCap(),
      maxCap: 1000,
      aseanPairs: getMatchingRules().aseanPairs,
      minScore: 20,
      requireStaffTotp: false,
      canChange: false,
    });
    const before = getWeeklyCap();
    expect(
      (await thrown(settingsAction({ request: formRequest("/admin/settings", { intent: "weeklyCap", cap: "3" }, { cookie: staff.cookie }), ...ctx() }))).status,
    ).toBe(403);
    expect(
      (await thrown(settingsAction({ request: formRequest("/admin/settings", { intent: "aseanPairs", allowed: "on" }, { cookie: staff.cookie }), ...ctx() })))
        .status,
    ).toBe(403);
    expect(getWeeklyCap()).toBe(before);
    expect(getMatchingRules().aseanPairs).toBe(false);
  });

  it("lets an admin set the lowest score members see, audited; a bad value is refused inline", async () => {
    const admin = await signedIn({ role: "admin" });
    for (const bad of ["101", "-1", "12.5", "", "abc"]) {
      const refused = (await settingsAction({
        request: formRequest("/admin/settings", { intent: "minScore", minScore: bad }, { cookie: admin.cookie }),
        ...ctx(),
      })) as unknown as { init: { status: number }; data: { errors: FormErrors; minScore: string } };
      expect(refused.init.status, bad).toBe(400);
      expect(refused.data.errors.fieldErrors.minScore, bad).toEqual(["settings.errors.minScore"]);
      expect(refused.data.minScore).toBe(bad);
    }
    expect(getMinScore()).toBe(20);
    const saved = (await settingsAction({
      request: formRequest("/admin/settings", { intent: "minScore", minScore: " 35 " }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(saved.headers.get("location")).toBe("/admin/settings?saved=minScore");
    expect(getMinScore()).toBe(35);
    expect((await settingsLoader({ request: getRequest("/admin/settings", { cookie: admin.cookie }), ...ctx() })).minScore).toBe(35);
    const staff = await signedIn({ role: "staff" });
    expect(
      (await thrown(settingsAction({ request: formRequest("/admin/settings", { intent: "minScore", minScore: "0" }, { cookie: staff.cookie }), ...ctx() })))
        .status,
    ).toBe(403);
    await settingsAction({ request: formRequest("/admin/settings", { intent: "minScore", minScore: "20" }, { cookie: admin.cookie }), ...ctx() });
    const entries = getDb().select().from(auditLog).where(eq(auditLog.actorUserId, admin.user.id)).all();
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ["settings.min_score", { minScore: 20 }, { minScore: 35 }],
      ["settings.min_score", { minScore: 35 }, { minScore: 20 }],
    ]);
    expect(getT("en")("settings.errors.minScore")).toBe("Enter a whole number from 0 to 100.");
    expect(getT("zh")("settings.errors.minScore")).toContain("0 到 100");
  });

  it("lets an admin change the weekly cap and ASEAN ↔ ASEAN matching, audited", async () => {
    const admin = await signedIn({ role: "admin" });
    expect((await settingsLoader({ request: getRequest("/admin/settings", { cookie: admin.cookie }), ...ctx() })).canChange).toBe(true);
    const cap = (await settingsAction({
      request: formRequest("/admin/settings", { intent: "weeklyCap", cap: " 25 " }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(cap.status).toBe(302);
    expect(cap.headers.get("location")).toBe("/admin/settings?saved=weeklyCap");
    expect(getWeeklyCap()).toBe(25);
    const on = (await settingsAction({
      request: formRequest("/admin/settings", { intent: "aseanPairs", allowed: "on" }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(on.headers.get("location")).toBe("/admin/settings?saved=aseanPairs");
    expect(getMatchingRules().aseanPairs).toBe(true);
    await settingsAction({ request: formRequest("/admin/settings", { intent: "aseanPairs" }, { cookie: admin.cookie }), ...ctx() });
    expect(getMatchingRules().aseanPairs).toBe(false);
    const entries = getDb().select().from(auditLog).where(eq(auditLog.actorUserId, admin.user.id)).all();
    expect(entries.map((e) => [e.action, e.after])).toEqual([
      ["settings.weekly_cap", { cap: 25 }],
      ["settings.asean_pairs", { allowed: true }],
      ["settings.asean_pairs", { allowed: false }],
    ]);
  });

  it("answers a bad cap with a field error and changes nothing", async () => {
    const admin = await signedIn({ role: "admin" });
    const before = getWeeklyCap();
    const audited = getDb().select().from(auditLog).all().length;
    for (const cap of ["0", "1001", "2.5", "ten", "", "-3", "1e2", "99999999"]) {
      const result = asData<{ errors: { fieldErrors: Record<string, string[]> }; cap: string }>(
        await settingsAction({ request: formRequest("/admin/settings", { intent: "weeklyCap", cap }, { cookie: admin.cookie }), ...ctx() }),
      );
      expect(result.init?.status, cap).toBe(400);
      expect(result.data.errors.fieldErrors.cap, cap).toEqual(["settings.errors.cap"]);
      expect(result.data.cap).toBe(cap);
    }
    expect(getWeeklyCap()).toBe(before);
    expect(getDb().select().from(auditLog).all().length).toBe(audited);
  });

  it("refuses a form from another site", async () => {
    const admin = await signedIn({ role: "admin" });
    const before = getWeeklyCap();
    const evil = formRequest("/admin/settings", { intent: "weeklyCap", cap: "999" }, { cookie: admin.cookie, origin: EVIL });
    expect((await thrown(settingsAction({ request: evil, ...ctx() }))).status).toBe(403);
    expect(getWeeklyCap()).toBe(before);
  });
});

describe("/admin/audit", () => {
  it("is for staff: members get 403", async () => {
    const member = await signedIn();
    expect((await thrown(auditLoader({ request: getRequest("/admin/audit", { cookie: member.cookie }), ...ctx() }))).status).toBe(403);
  });

  it("lists entries newest first, filtered by actor, action, record type and id, and dates, page by page", async () => {
    const staff = await signedIn({ role: "staff", email: `filter-officer-${Date.now()}@council.test` });
    const other = await signedIn({ role: "staff" });
    getDb().transaction((tx) => {
      for (let i = 1; i <= 55; i++)
        recordAudit(tx, {
          actorUserId: staff.user.id,
          action: "test.page" as AuditAction,
          entityType: "widget",
          entityId: i,
          before: { n: i - 1 },
          after: { n: i },
        });
      recordAudit(tx, { actorUserId: other.user.id, action: "test.other" as AuditAction, entityType: "gadget", entityId: "g-7" });
    });
    type Page = {
      vocabulary: { actions: string[]; entityTypes: string[] };
      errors: Record<string, string | undefined>;
      log: ReturnType<typeof listAudit> | null;
    };
    // A page with bad filters comes back through data() with status 400.
    const load = async (query: string): Promise<Returned<Page>> => {
      const r: object = await auditLoader({ request: getRequest(`/admin/audit${query}`, { cookie: staff.cookie }), ...ctx() });
      return "init" in r ? (r as Returned<Page>) : { init: null, data: r as Page };
    };
    const all = (await load("?action=test.page")).data;
    expect(all.log!.total).toBe(55);
    expect(all.log!.entries).toHaveLength(50);
    expect(all.log!.entries[0]).toMatchObject({ entityId: "55", actorEmail: staff.user.email, before: { n: 54 }, after: { n: 55 } });
    expect((await load("?action=test.page&page=2")).data.log!.entries.map((e) => e.entityId)).toEqual(["5", "4", "3", "2", "1"]);
    expect((await load(`?actor=${encodeURIComponent("filter-officer")}`)).data.log!.total).toBe(55);
    expect((await load(`?actor=${encodeURIComponent(other.user.email)}`)).data.log!.entries.map((e) => e.action)).toEqual(["test.other"]);
    expect((await load("?entityType=widget&entityId=7")).data.log!.entries.map((e) => e.after)).toEqual([{ n: 7 }]);
    expect((await load("?entityType=gadget")).data.log!.entries.map((e) => e.entityId)).toEqual(["g-7"]);
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
    expect((await load(`?action=test.page&from=${today}&to=${today}`)).data.log!.total).toBe(55);
    expect((await load(`?action=test.page&to=${yesterday}`)).data.log!.total).toBe(0);
    const page = (await load("")).data;
    expect(page.vocabulary.actions).toEqual(expect.arrayContaining(["test.page", "test.other"]));
    expect(page.vocabulary.entityTypes).toEqual(expect.arrayContaining(["widget", "gadget"]));

    const bad = await load(`?from=2026-02-31&to=${yesterday}&actor=x`);
    expect(bad.init?.status).toBe(400);
    expect(bad.data.log).toBeNull();
    expect(bad.data.errors.from).toBe("audit.errors.date");
    const backwards = await load(`?from=${today}&to=${yesterday}`);
    expect(backwards.data.errors.to).toBe("audit.errors.range");
  });
});

describe("match moderation pages", () => {
  let n = 0;
  const listed = (overrides: Partial<Profile>) => {
    n += 1;
    const profile = profileDraftSchema.parse({ name: `Route Moderation Firm ${n}`, sectors: ["cloud"], languages: ["en"], ...overrides });
    return getDb().transaction(() => insertCompany({ status: "approved", profile, published: true }));
  };

  it("staff hide a match with a reason, from the list or the match's page, and undo it", async () => {
    const staff = await signedIn({ role: "staff" });
    const cloud = listed({ country: "CN", offers: ["cloud.iaas"], needs: ["role.distribution"] });
    const channel = listed({ country: "TH", offers: ["role.distribution"], needs: ["cloud.iaas"] });
    const reseller = listed({ country: "MY", offers: ["role.distribution"], needs: ["cloud.iaas"] });
    await syncMatches();
    const params = { companyId: String(cloud) };
    const page = await matchesLoader({ request: getRequest(`/admin/matches/${cloud}`, { cookie: staff.cookie }), ...ctx(params) });
    expect(page.result!.matches.map((m) => m.partner.id).sort()).toEqual([channel, reseller].sort());
    expect(page.hidden).toEqual([]);

    // A reason is required.
    const noReason = asData<{ errors: { fieldErrors: Record<string, string[]> }; partnerId: number }>(
      await matchesAction({
        request: formRequest(`/admin/matches/${cloud}`, { intent: "hide", partnerId: String(channel), reason: "   " }, { cookie: staff.cookie }),
        ...ctx(params),
      }),
    );
    expect(noReason.init?.status).toBe(400);
    expect(noReason.data.errors.fieldErrors.reason).toEqual(["moderation.errors.reasonRequired"]);
    expect(noReason.data.partnerId).toBe(channel);
    expect(listHiddenMatches({ companyId: cloud })).toEqual([]);

    const hidden = (await matchesAction({
      request: formRequest(
        `/admin/matches/${cloud}`,
        { intent: "hide", partnerId: String(channel), reason: "Duplicate listing of the same firm" },
        { cookie: staff.cookie },
      ),
      ...ctx(params),
    })) as Response;
    expect(hidden.headers.get("location")).toBe(`/admin/matches/${cloud}?done=hidden`);
    const after = await matchesLoader({ request: getRequest(`/admin/matches/${cloud}`, { cookie: staff.cookie }), ...ctx(params) });
    expect(after.result!.matches.map((m) => m.partner.id)).toEqual([reseller]);
    expect(after.hidden).toEqual([expect.objectContaining({ partnerId: channel, reason: "Duplicate listing of the same firm", hiddenBy: staff.user.email })]);
    expect(getMatch({ companyId: cloud, partnerId: channel })).toBeNull();
    const again = asData<{ errors: { formErrors: string[] } }>(
      await matchesAction({
        request: formRequest(`/admin/matches/${cloud}`, { intent: "hide", partnerId: String(channel), reason: "again" }, { cookie: staff.cookie }),
        ...ctx(params),
      }),
    );
    expect(again.data.errors.formErrors).toEqual(["moderation.errors.already_hidden"]);

    // From the match's own page: reason required there too; then back to the company's matches.
    const pairParams = { companyId: String(cloud), partnerId: String(reseller) };
    expect(
      (await pairLoader({ request: getRequest(`/admin/matches/${cloud}/${reseller}`, { cookie: staff.cookie }), ...ctx(pairParams) })).match.partner.id,
    ).toBe(reseller);
    const blank = asData<{ errors: { fieldErrors: Record<string, string[]> } }>(
      await pairAction({
        request: formRequest(`/admin/matches/${cloud}/${reseller}`, { intent: "hide", partnerId: String(reseller) }, { cookie: staff.cookie }),
        ...ctx(pairParams),
      }),
    );
    expect(blank.init?.status).toBe(400);
    expect(blank.data.errors.fieldErrors.reason).toEqual(["moderation.errors.reasonRequired"]);
    const fromPair = (await pairAction({
      request: formRequest(
        `/admin/matches/${cloud}/${reseller}`,
        { intent: "hide", partnerId: String(reseller), reason: "Sanctioned" },
        { cookie: staff.cookie },
      ),
      ...ctx(pairParams),
    })) as Response;
    expect(fromPair.headers.get("location")).toBe(`/admin/matches/${cloud}?done=hidden`);
    expect(
      (await thrown(pairLoader({ request: getRequest(`/admin/matches/${cloud}/${reseller}`, { cookie: staff.cookie }), ...ctx(pairParams) }))).status,
    ).toBe(404);
    // The partner's side lists it too.
    const partnerPage = await matchesLoader({
      request: getRequest(`/admin/matches/${reseller}`, { cookie: staff.cookie }),
      ...ctx({ companyId: String(reseller) }),
    });
    expect(partnerPage.hidden).toEqual([expect.objectContaining({ partnerId: cloud, reason: "Sanctioned" })]);

    // Undo.
    const undo = (await matchesAction({
      request: formRequest(`/admin/matches/${cloud}`, { intent: "unhide", partnerId: String(channel) }, { cookie: staff.cookie }),
      ...ctx(params),
    })) as Response;
    expect(undo.headers.get("location")).toBe(`/admin/matches/${cloud}?done=unhidden`);
    await syncMatches();
    const restored = await matchesLoader({ request: getRequest(`/admin/matches/${cloud}`, { cookie: staff.cookie }), ...ctx(params) });
    expect(restored.result!.matches.map((m) => m.partner.id)).toEqual([channel]);
    expect(restored.hidden.map((h) => h.partnerId)).toEqual([reseller]);
    const notHidden = asData<{ errors: { formErrors: string[] } }>(
      await matchesAction({
        request: formRequest(`/admin/matches/${cloud}`, { intent: "unhide", partnerId: String(channel) }, { cookie: staff.cookie }),
        ...ctx(params),
      }),
    );
    expect(notHidden.data.errors.formErrors).toEqual(["moderation.errors.not_hidden"]);
    const actions = getDb()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, staff.user.id))
      .all()
      .map((r) => r.action);
    expect(actions).toEqual(["match.hide", "match.hide", "match.unhide"]);
  });

  it("refuse members, unknown companies and forms from another site", async () => {
    const staff = await signedIn({ role: "staff" });
    const member = await signedIn();
    const a = listed({ country: "CN", offers: ["ai.platform"], needs: ["role.rnd"] });
    const b = listed({ country: "VN", offers: ["role.rnd"], needs: ["ai.platform"] });
    await syncMatches();
    const params = { companyId: String(a) };
    const pairParams = { companyId: String(a), partnerId: String(b) };
    const hide = (cookie: string, origin?: string) =>
      formRequest(`/admin/matches/${a}`, { intent: "hide", partnerId: String(b), reason: "x" }, { cookie, origin });
    expect((await thrown(matchesLoader({ request: getRequest(`/admin/matches/${a}`, { cookie: member.cookie }), ...ctx(params) }))).status).toBe(403);
    expect((await thrown(matchesAction({ request: hide(member.cookie), ...ctx(params) }))).status).toBe(403);
    expect((await thrown(pairAction({ request: hide(member.cookie), ...ctx(pairParams) }))).status).toBe(403);
    expect((await thrown(matchesAction({ request: hide(staff.cookie, EVIL), ...ctx(params) }))).status).toBe(403);
    expect((await thrown(pairAction({ request: hide(staff.cookie, EVIL), ...ctx(pairParams) }))).status).toBe(403);
    const unhide = formRequest(`/admin/matches/${a}`, { intent: "unhide", partnerId: String(b) }, { cookie: staff.cookie, origin: EVIL });
    expect((await thrown(matchesAction({ request: unhide, ...ctx(params) }))).status).toBe(403);
    expect(listHiddenMatches({ companyId: a })).toEqual([]);
    expect((await thrown(matchesAction({ request: hide(staff.cookie), ...ctx({ companyId: "99999999" }) }))).status).toBe(404);
    const unknownPartner = formRequest(`/admin/matches/${a}`, { intent: "hide", partnerId: "99999999", reason: "x" }, { cookie: staff.cookie });
    expect((await thrown(matchesAction({ request: unknownPartner, ...ctx(params) }))).status).toBe(404);
  });
});
