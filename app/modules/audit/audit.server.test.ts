// Every staff action leaves exactly one audit entry, written by the action's own module in the
// action's transaction: who (id and e-mail), what, which record, and the record before and after.
// The log itself refuses UPDATE and DELETE.
import { eq, gt } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, outbox, users } from "../../../db/schema";
import { getDb, getSqlite } from "~/db.server";
import { createStaffAccount, disableUser, enableUser } from "~/modules/auth/users.server";
import { createCompany } from "~/modules/companies/companies.server";
import { insertCompany } from "~/modules/companies/listing.server";
import { approveProfile, rejectProfile, restoreCompany, suspendCompany } from "~/modules/companies/moderation.server";
import { exportDirectory } from "~/modules/companies/export.server";
import { runImport } from "~/modules/companies/import.server";
import { profileDraftSchema, type Profile } from "~/modules/companies/schemas";
import { setWeeklyCap } from "~/modules/introductions/settings.server";
import { hideMatch, unhideMatch } from "~/modules/matching/exclusions.server";
import { requestRebuild, setAseanPairs } from "~/modules/matching/store.server";
import { queueEmail, queueTestMessage, retryOutboxMessage } from "~/modules/notifications/outbox.server";
import { makeUser } from "../../../tests/factories";
import { listAudit, listAuditVocabulary, recordAudit } from "./audit.server";
import type { AuditAction } from "./labels";

let n = 0;
function profile(overrides: Partial<Profile> = {}): Profile {
  n += 1;
  return profileDraftSchema.parse({
    name: `Audit Test Firm ${n}`,
    country: "CN",
    sectors: ["cloud"],
    offers: ["cloud.iaas"],
    needs: ["role.distribution"],
    contactEmail: `audit${n}@contact.example`,
    ...overrides,
  });
}

const listed = (overrides: Partial<Profile> = {}) =>
  getDb().transaction(() => insertCompany({ status: "approved", profile: profile(overrides), published: true }));

async function submitted() {
  const owner = await makeUser();
  const created = createCompany({ userId: owner.id, profile: profile(), submit: true });
  if (!created.ok) throw new Error(created.reason);
  return created.companyId;
}

const lastId = () => getDb().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all().at(-1)?.id ?? 0;

/** Runs an action and returns the audit entries it wrote. */
async function entriesOf(run: () => unknown) {
  const before = lastId();
  await run();
  return getDb().select().from(auditLog).where(gt(auditLog.id, before)).orderBy(auditLog.id).all();
}

let staff: { id: string; email: string; name: string };
beforeEach(async () => {
  staff ??= await makeUser({ role: "staff" });
});

describe("every staff action is audited once, with actor, record, before and after", () => {
  it("company moderation: approve, reject, suspend, restore", async () => {
    const a = await submitted();
    const [approve] = await entriesOf(() => expect(approveProfile({ companyId: a, staffUserId: staff.id })).toMatchObject({ ok: true }));
    expect(approve).toMatchObject({
      actorUserId: staff.id,
      actorEmail: staff.email,
      action: "company.approve",
      entityType: "company",
      entityId: String(a),
      before: { status: "pending", visible: false, rejectionReason: null },
      after: { status: "approved", visible: true, rejectionReason: null },
    });
    expect(approve.createdAt).toBeGreaterThan(Date.now() / 1000 - 60);

    const b = await submitted();
    const reject = await entriesOf(() => rejectProfile({ companyId: b, staffUserId: staff.id, reason: "The name does not match the registration." }));
    expect(reject).toEqual([
      expect.objectContaining({
        action: "company.reject",
        entityId: String(b),
        before: { status: "pending", rejectionReason: null },
        after: { status: "rejected", rejectionReason: "The name does not match the registration." },
      }),
    ]);

    const suspend = await entriesOf(() => suspendCompany({ companyId: a, staffUserId: staff.id }));
    expect(suspend).toEqual([
      expect.objectContaining({
        action: "company.suspend",
        actorUserId: staff.id,
        entityId: String(a),
        before: { suspended: false, visible: true },
        after: { suspended: true, visible: false },
      }),
    ]);
    const restore = await entriesOf(() => restoreCompany({ companyId: a, staffUserId: staff.id }));
    expect(restore).toEqual([
      expect.objectContaining({
        action: "company.restore",
        entityId: String(a),
        before: { suspended: true, visible: false },
        after: { suspended: false, visible: true },
      }),
    ]);

    // A refused action changes nothing and records nothing.
    expect(await entriesOf(() => restoreCompany({ companyId: a, staffUserId: staff.id }))).toEqual([]);
    expect(await entriesOf(() => approveProfile({ companyId: a, staffUserId: staff.id }))).toEqual([]);
  });

  it("imports (staff or command line) and exports", async () => {
    const file = new TextEncoder().encode(
      JSON.stringify({
        companies: [
          { externalId: "audit-imp-1", name: "Imported One", country: "TH", sectors: ["cloud"], offers: ["role.distribution"], needs: ["cloud.iaas"] },
          { externalId: "audit-imp-2", name: "Imported Two", country: "CN", sectors: ["cloud"], offers: ["cloud.iaas"], needs: ["role.distribution"] },
        ],
      }),
    );
    const web = await entriesOf(() => runImport({ bytes: file, filename: "firms.json", status: "approved", staffUserId: staff.id }));
    expect(web).toEqual([
      expect.objectContaining({
        actorUserId: staff.id,
        actorEmail: staff.email,
        action: "company.import",
        entityType: "import",
        entityId: null,
        before: null,
        after: { filename: "firms.json", status: "approved", rows: 2, created: 2, updated: 0 },
      }),
    ]);
    // The command line: no one signed in, no path of the operator's machine.
    const cli = await entriesOf(() => runImport({ bytes: file, filename: "/home/ops/firms.json", status: "pending" }));
    expect(cli).toEqual([
      expect.objectContaining({
        actorUserId: null,
        actorEmail: null,
        action: "company.import",
        after: expect.objectContaining({ filename: "firms.json", created: 0, updated: 2 }),
      }),
    ]);
    // A file with a bad row writes nothing, the audit entry included.
    expect(
      await entriesOf(() => runImport({ bytes: new TextEncoder().encode("{}"), filename: "bad.json", status: "approved", staffUserId: staff.id })),
    ).toEqual([]);

    const visible = getSqlite().prepare("select count(*) n from companies where visible = 1").get() as { n: number };
    const exported = await entriesOf(() => [...exportDirectory({ staffUserId: staff.id })]);
    expect(exported).toEqual([
      expect.objectContaining({ actorUserId: staff.id, action: "company.export", entityType: "export", after: { format: "csv", companies: visible.n } }),
    ]);
  });

  it("matching settings, rebuilds and hidden matches", async () => {
    const asean = await entriesOf(() => setAseanPairs({ allowed: true, staffUserId: staff.id }));
    expect(asean).toEqual([
      expect.objectContaining({
        action: "settings.asean_pairs",
        entityType: "setting",
        entityId: "matching.aseanPairs",
        before: { allowed: false },
        after: { allowed: true },
      }),
    ]);
    await entriesOf(() => setAseanPairs({ allowed: false, staffUserId: staff.id }));

    const rebuild = await entriesOf(() => requestRebuild({ staffUserId: staff.id }));
    expect(rebuild).toEqual([expect.objectContaining({ actorUserId: staff.id, action: "matching.rebuild", entityType: "match_state", entityId: "1" })]);
    expect((rebuild[0].after as { rebuildRequestedAt: number }).rebuildRequestedAt).toBeGreaterThan(0);

    const cap = await entriesOf(() => setWeeklyCap({ cap: 7, staffUserId: staff.id }));
    expect(cap).toEqual([expect.objectContaining({ action: "settings.weekly_cap", before: { cap: 10 }, after: { cap: 7 } })]);

    const a = listed();
    const b = listed({ country: "VN", offers: ["role.distribution"], needs: ["cloud.iaas"] });
    const hide = await entriesOf(() => expect(hideMatch({ companyId: b, partnerId: a, staffUserId: staff.id, reason: "Same owners" })).toEqual({ ok: true }));
    expect(hide).toEqual([
      expect.objectContaining({
        actorUserId: staff.id,
        action: "match.hide",
        entityType: "match",
        entityId: `${a}:${b}`,
        before: { hidden: false },
        after: { hidden: true, companyId: b, partnerId: a, reason: "Same owners" },
      }),
    ]);
    expect(
      await entriesOf(() =>
        expect(hideMatch({ companyId: a, partnerId: b, staffUserId: staff.id, reason: "again" })).toEqual({ ok: false, reason: "already_hidden" }),
      ),
    ).toEqual([]);
    const unhide = await entriesOf(() => expect(unhideMatch({ companyId: a, partnerId: b, staffUserId: staff.id })).toEqual({ ok: true }));
    expect(unhide).toEqual([
      expect.objectContaining({
        action: "match.unhide",
        entityId: `${a}:${b}`,
        before: { hidden: true, reason: "Same owners" },
        after: { hidden: false, companyId: a, partnerId: b },
      }),
    ]);
    expect(
      await entriesOf(() => expect(unhideMatch({ companyId: a, partnerId: b, staffUserId: staff.id })).toEqual({ ok: false, reason: "not_hidden" })),
    ).toEqual([]);
  });

  it("the mail log: sending a failed message again and a test message", async () => {
    const reader = await makeUser();
    const queued = queueEmail(getDb(), {
      key: `audit-mail-${Date.now()}`,
      to: reader.email,
      userId: reader.id,
      category: "account",
      template: "test_message",
      params: { name: reader.name, senderName: "x" },
    });
    if (!queued.queued) throw new Error("not queued");
    getDb().update(outbox).set({ status: "failed", attempts: 8, lastError: "554 policy" }).where(eq(outbox.id, queued.id)).run();
    const retry = await entriesOf(() => expect(retryOutboxMessage({ id: queued.id, staffUserId: staff.id })).toEqual({ ok: true }));
    expect(retry).toEqual([
      expect.objectContaining({
        actorUserId: staff.id,
        action: "mail.retry",
        entityType: "outbox",
        entityId: String(queued.id),
        before: { status: "failed", attempts: 8, lastError: "554 policy" },
        after: { status: "queued", attempts: 0 },
      }),
    ]);
    expect(await entriesOf(() => expect(retryOutboxMessage({ id: queued.id, staffUserId: staff.id })).toEqual({ ok: false, reason: "not_failed" }))).toEqual(
      [],
    );

    let test: ReturnType<typeof queueTestMessage> | undefined;
    const entries = await entriesOf(() => (test = queueTestMessage({ user: staff })));
    if (!test?.queued) throw new Error("not queued");
    expect(entries).toEqual([
      expect.objectContaining({
        actorUserId: staff.id,
        action: "mail.test",
        entityType: "outbox",
        entityId: String(test.id),
        after: { to: staff.email, template: "test_message" },
      }),
    ]);
  });

  it("staff accounts: created (by an admin or the command line), disabled and enabled, never with a password", async () => {
    const admin = await makeUser({ role: "admin" });
    let oneTime = "";
    const created = await entriesOf(async () => {
      const r = await createStaffAccount({ name: "Lê Thị Mai", email: "Mai@Council.test", role: "staff", actorUserId: admin.id });
      if (!r.ok) throw new Error(r.reason);
      oneTime = r.oneTimePassword!;
    });
    const user = getDb().select().from(users).where(eq(users.email, "mai@council.test")).get()!;
    expect(created).toEqual([
      expect.objectContaining({
        actorUserId: admin.id,
        actorEmail: admin.email,
        action: "staff.create",
        entityType: "user",
        entityId: user.id,
        before: null,
        after: { email: "mai@council.test", name: "Lê Thị Mai", role: "staff", mustChangePassword: true },
      }),
    ]);
    expect(JSON.stringify(created)).not.toContain(oneTime);
    expect(JSON.stringify(created)).not.toContain(user.passwordHash);

    const cli = await entriesOf(() =>
      createStaffAccount({ name: "Chief", email: "chief-audit@council.test", role: "admin", password: "a long admin passphrase", actorUserId: null }),
    );
    expect(cli).toEqual([
      expect.objectContaining({ actorUserId: null, action: "staff.create", after: expect.objectContaining({ role: "admin", mustChangePassword: false }) }),
    ]);
    expect(JSON.stringify(cli)).not.toContain("passphrase");
    // A taken address creates nothing.
    expect(await entriesOf(() => createStaffAccount({ name: "Again", email: "mai@council.test", role: "staff", actorUserId: admin.id }))).toEqual([]);

    const disabled = await entriesOf(() => expect(disableUser({ userId: user.id, staffUserId: admin.id })).toEqual({ ok: true }));
    expect(disabled).toEqual([
      expect.objectContaining({
        actorUserId: admin.id,
        action: "staff.disable",
        entityType: "user",
        entityId: user.id,
        before: { disabled: false },
        after: { disabled: true, sessionsEnded: 0 },
      }),
    ]);
    expect(await entriesOf(() => expect(disableUser({ userId: user.id, staffUserId: admin.id })).toEqual({ ok: false, reason: "already_disabled" }))).toEqual(
      [],
    );
    expect(await entriesOf(() => expect(disableUser({ userId: admin.id, staffUserId: admin.id })).toEqual({ ok: false, reason: "self" }))).toEqual([]);
    const enabled = await entriesOf(() => expect(enableUser({ userId: user.id, staffUserId: admin.id })).toEqual({ ok: true }));
    expect(enabled).toEqual([expect.objectContaining({ action: "staff.enable", entityId: user.id, before: { disabled: true }, after: { disabled: false } })]);

    // A member's account is a user, not staff.
    const member = await makeUser();
    expect(await entriesOf(() => disableUser({ userId: member.id, staffUserId: admin.id }))).toEqual([
      expect.objectContaining({ action: "user.disable", entityId: member.id }),
    ]);
  });
});

describe("the log", () => {
  it("refuses UPDATE and DELETE, even from raw SQL", () => {
    getDb().transaction((tx) =>
      recordAudit(tx, { actorUserId: staff.id, action: "test.append" as AuditAction, entityType: "test", entityId: 1, after: { x: 1 } }),
    );
    const id = lastId();
    const sqlite = getSqlite();
    expect(() => sqlite.prepare("update audit_log set action = 'test.rewritten' where id = ?").run(id)).toThrow(/append-only/);
    expect(() => sqlite.prepare("delete from audit_log where id = ?").run(id)).toThrow(/append-only/);
    expect(() => getDb().delete(auditLog).run()).toThrow(/append-only/);
    expect(getDb().select().from(auditLog).where(eq(auditLog.id, id)).get()).toMatchObject({ action: "test.append", after: { x: 1 } });
  });

  it("is read newest first, filtered by actor e-mail, action, record and time", () => {
    const other = { id: "no-such-user", email: "" };
    getDb().transaction((tx) => {
      recordAudit(tx, { actorUserId: staff.id, action: "test.filter" as AuditAction, entityType: "widget", entityId: 41 });
      recordAudit(tx, { actorUserId: other.id, action: "test.filter" as AuditAction, entityType: "widget", entityId: 42 });
      recordAudit(tx, { actorUserId: null, action: "test.other" as AuditAction, entityType: "gadget", entityId: "42" });
    });
    const all = listAudit({ action: "test.filter" });
    expect(all.entries.map((e) => e.entityId)).toEqual(["42", "41"]);
    expect(listAudit({ actor: staff.email.slice(2, 12), action: "test.filter" }).entries.map((e) => e.entityId)).toEqual(["41"]);
    // LIKE wildcards in the filter are literal.
    expect(listAudit({ actor: "%" }).total).toBe(0);
    expect(listAudit({ entityType: "widget", entityId: "42" }).entries.map((e) => e.action)).toEqual(["test.filter"]);
    expect(listAudit({ entityId: "42" }).total).toBe(2);
    const now = Math.floor(Date.now() / 1000);
    expect(listAudit({ action: "test.other", from: now - 60, to: now + 60 }).total).toBe(1);
    expect(listAudit({ action: "test.other", to: now - 60 }).total).toBe(0);
    expect(listAuditVocabulary().actions).toEqual(expect.arrayContaining(["test.filter", "test.other", "company.approve"]));
    expect(listAuditVocabulary().entityTypes).toEqual(expect.arrayContaining(["widget", "gadget"]));
  });
});
