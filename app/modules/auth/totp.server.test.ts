// Two-factor sign-in against a real SQLite file: codes are made here with otpauth from the secret
// the setup shows, as an authenticator app would make them.
import { eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { beforeEach, describe, expect, it } from "vitest";
import { sessions, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { listAudit } from "~/modules/audit/audit.server";
import { makeUser, signedIn } from "../../../tests/factories";
import { resetLoginLimits } from "./rate-limit.server";
import { createUserSession } from "./session.server";
import { getUserById } from "./users.server";
import {
  cancelTotpEnrolment,
  confirmTotpEnrolment,
  disableTotp,
  getTotpStatus,
  isStaffTotpRequired,
  resetTotpByAdmin,
  setRequireStaffTotp,
  startTotpEnrolment,
  verifyTotp,
} from "./totp.server";

const PERIOD_MS = 30_000;
// A fixed clock in the middle of a step, so ±1 and ±2 steps are exact.
const T0 = 1_800_000_000_000 + PERIOD_MS / 2;
const codeAt = (secret: string, timestamp: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });

/** A staff member with two-factor sign-in on since T0; returns the secret their app holds. */
async function enrolledStaff(role: "staff" | "admin" = "staff") {
  const user = await makeUser({ role });
  const started = startTotpEnrolment({ userId: user.id });
  if (!started.ok) throw new Error(started.reason);
  expect(await confirmTotpEnrolment({ userId: user.id, code: codeAt(started.secret, T0), now: T0 })).toEqual({ ok: true });
  return { user, secret: started.secret };
}

beforeEach(() => resetLoginLimits());

describe("setting up", () => {
  it("keeps a new secret pending until a code from it is entered, then turns it on", async () => {
    const user = await makeUser({ role: "staff" });
    const started = startTotpEnrolment({ userId: user.id });
    if (!started.ok) throw new Error(started.reason);
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.uri).toContain(`secret=${started.secret}`);
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/Bridge:/);

    const status = await getTotpStatus({ userId: user.id });
    expect(status).toMatchObject({ enabled: false, required: false, pending: { secret: started.secret } });
    expect(status!.pending!.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(status!.pending!.qrCode.split(",")[1], "base64").toString()).toContain("<svg");
    expect(getUserById({ userId: user.id })!.totpEnabledAt).toBeNull();

    expect(await confirmTotpEnrolment({ userId: user.id, code: "000000", now: T0 })).toEqual({ ok: false, reason: "invalid" });
    expect(getUserById({ userId: user.id })!.totpEnabledAt).toBeNull();
    expect(await confirmTotpEnrolment({ userId: user.id, code: codeAt(started.secret, T0), now: T0 })).toEqual({ ok: true });
    expect(await getTotpStatus({ userId: user.id })).toMatchObject({ enabled: true, pending: null });
  });

  it("stores the secret sealed, never as the base32 text, and bound to its user", async () => {
    const { user, secret } = await enrolledStaff();
    const row = getUserById({ userId: user.id })!;
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(row.totpSecret).not.toContain(secret);
    expect(Buffer.from(row.totpSecret!.split(".")[3], "base64url").toString("latin1")).not.toContain(secret);
    // The same sealed value copied onto another account opens nothing there.
    const other = await makeUser({ role: "staff" });
    getDb().update(users).set({ totpSecret: row.totpSecret, totpEnabledAt: row.totpEnabledAt }).where(eq(users.id, other.id)).run();
    expect(await verifyTotp({ userId: other.id, code: codeAt(secret, T0 + PERIOD_MS), now: T0 + PERIOD_MS })).toEqual({ ok: false, reason: "invalid" });
  });

  it("offers two-factor sign-in to staff only", async () => {
    const member = await makeUser();
    expect(startTotpEnrolment({ userId: member.id })).toEqual({ ok: false, reason: "not_staff" });
    expect(await getTotpStatus({ userId: member.id })).toBeNull();
  });

  it("drops a cancelled setup", async () => {
    const user = await makeUser({ role: "staff" });
    startTotpEnrolment({ userId: user.id });
    cancelTotpEnrolment({ userId: user.id });
    expect(getUserById({ userId: user.id })!.totpSecret).toBeNull();
    expect(await getTotpStatus({ userId: user.id })).toMatchObject({ enabled: false, pending: null });
  });

  it("moves to a new app only with codes from both, and the old app works until then", async () => {
    const { user, secret: old } = await enrolledStaff();
    const started = startTotpEnrolment({ userId: user.id });
    if (!started.ok) throw new Error(started.reason);
    const t = T0 + 4 * PERIOD_MS;
    expect(await verifyTotp({ userId: user.id, code: codeAt(old, t), now: t })).toEqual({ ok: true });

    const t2 = t + 2 * PERIOD_MS;
    expect(await confirmTotpEnrolment({ userId: user.id, code: codeAt(started.secret, t2), now: t2 })).toEqual({ ok: false, reason: "invalid_current" });
    expect(await confirmTotpEnrolment({ userId: user.id, code: codeAt(started.secret, t2), currentCode: codeAt(old, t2), now: t2 })).toEqual({ ok: true });
    const t3 = t2 + 2 * PERIOD_MS;
    expect(await verifyTotp({ userId: user.id, code: codeAt(old, t3), now: t3 })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyTotp({ userId: user.id, code: codeAt(started.secret, t3), now: t3 })).toEqual({ ok: true });
    expect(listAudit({ action: "staff.totp_replace", entityId: user.id }).total).toBe(1);
  });
});

describe("codes", () => {
  it("refuses a wrong code", async () => {
    const { user, secret } = await enrolledStaff();
    const t = T0 + 10 * PERIOD_MS;
    const right = codeAt(secret, t);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect(await verifyTotp({ userId: user.id, code: wrong, now: t })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyTotp({ userId: user.id, code: "12345", now: t })).toEqual({ ok: false, reason: "invalid" });
  });

  it("accepts a code once: a replay is refused, and so is any earlier step after it", async () => {
    const { user, secret } = await enrolledStaff();
    const t = T0 + 10 * PERIOD_MS;
    expect(await verifyTotp({ userId: user.id, code: codeAt(secret, t), now: t })).toEqual({ ok: true });
    expect(await verifyTotp({ userId: user.id, code: codeAt(secret, t), now: t })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyTotp({ userId: user.id, code: codeAt(secret, t - PERIOD_MS), now: t })).toEqual({ ok: false, reason: "invalid" });
    expect(getUserById({ userId: user.id })!.totpLastStep).toBe(TOTP.counter({ timestamp: t }));
    // The code that confirmed the setup cannot sign in either.
    const fresh = await enrolledStaff();
    expect(await verifyTotp({ userId: fresh.user.id, code: codeAt(fresh.secret, T0), now: T0 })).toEqual({ ok: false, reason: "invalid" });
  });

  it("accepts the step before and after the current one, not two away", async () => {
    const t = T0 + 10 * PERIOD_MS;
    for (const [offset, ok] of [
      [-2, false],
      [-1, true],
      [1, true],
      [2, false],
    ] as const) {
      const { user, secret } = await enrolledStaff();
      const result = await verifyTotp({ userId: user.id, code: codeAt(secret, t + offset * PERIOD_MS), now: t });
      expect({ offset, ok: result.ok }).toEqual({ offset, ok });
    }
  });

  it("blocks an account after 5 wrong codes for 15 minutes, even for the right code", async () => {
    const { user, secret } = await enrolledStaff();
    const t = T0 + 10 * PERIOD_MS;
    for (let i = 0; i < 4; i++) expect(await verifyTotp({ userId: user.id, code: "000000", now: t })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyTotp({ userId: user.id, code: "000000", now: t })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifyTotp({ userId: user.id, code: codeAt(secret, t), now: t })).toEqual({ ok: false, reason: "rate_limited" });
    // Other accounts are not affected.
    const other = await enrolledStaff();
    expect(await verifyTotp({ userId: other.user.id, code: codeAt(other.secret, t), now: t })).toEqual({ ok: true });
  });

  it("refuses codes for an account without two-factor sign-in", async () => {
    const user = await makeUser({ role: "staff" });
    expect(await verifyTotp({ userId: user.id, code: "123456" })).toEqual({ ok: false, reason: "not_enabled" });
  });
});

describe("turning off and resetting", () => {
  it("turns off with a valid code only, and is audited for staff", async () => {
    const { user, secret } = await enrolledStaff();
    const t = T0 + 10 * PERIOD_MS;
    expect(await disableTotp({ userId: user.id, code: "000000", now: t })).toEqual({ ok: false, reason: "invalid" });
    expect(await disableTotp({ userId: user.id, code: codeAt(secret, t), now: t })).toEqual({ ok: true });
    expect(getUserById({ userId: user.id })).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(listAudit({ action: "staff.totp_disable", entityId: user.id }).total).toBe(1);
    expect(listAudit({ action: "staff.totp_enable", entityId: user.id }).total).toBe(1);
  });

  it("cannot be turned off by staff while the council requires it; the rule is set by an enrolled admin, audited", async () => {
    const { user: admin } = await enrolledStaff("admin");
    const { user, secret } = await enrolledStaff();
    // An admin without it cannot require it (they would lock themselves out of this very setting).
    const unenrolled = await makeUser({ role: "admin" });
    expect(setRequireStaffTotp({ adminUserId: unenrolled.id, required: true })).toEqual({ ok: false, reason: "enrol_first" });
    expect(isStaffTotpRequired()).toBe(false);
    expect(setRequireStaffTotp({ adminUserId: admin.id, required: true })).toEqual({ ok: true });
    try {
      expect(isStaffTotpRequired()).toBe(true);
      const t = T0 + 10 * PERIOD_MS;
      expect(await disableTotp({ userId: user.id, code: codeAt(secret, t), now: t })).toEqual({ ok: false, reason: "required" });
      expect(getUserById({ userId: user.id })!.totpEnabledAt).not.toBeNull();
      expect((await getTotpStatus({ userId: user.id }))!.required).toBe(true);
      const [entry] = listAudit({ action: "settings.require_staff_totp" }).entries;
      expect(entry).toMatchObject({ actorUserId: admin.id, before: { required: false }, after: { required: true } });
    } finally {
      setRequireStaffTotp({ adminUserId: admin.id, required: false });
    }
  });

  it("lets an admin reset a lost device: secret gone, every session ended, audited", async () => {
    const admin = await makeUser({ role: "admin" });
    const { user } = await enrolledStaff();
    await createUserSession({ userId: user.id });
    const someoneElse = await signedIn();

    expect(await resetTotpByAdmin({ adminUserId: admin.id, userId: admin.id })).toEqual({ ok: false, reason: "self" });
    expect(await resetTotpByAdmin({ adminUserId: user.id, userId: admin.id })).toEqual({ ok: false, reason: "not_admin" });
    expect(await resetTotpByAdmin({ adminUserId: admin.id, userId: user.id })).toEqual({ ok: true });
    expect(getUserById({ userId: user.id })).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
    expect(getDb().select().from(sessions).where(eq(sessions.id, someoneElse.session.id)).get()).toBeDefined();
    const [entry] = listAudit({ action: "staff.totp_reset", entityId: user.id }).entries;
    expect(entry).toMatchObject({ actorUserId: admin.id, before: { enabled: true }, after: { enabled: false, sessionsEnded: 1 } });
    expect(await resetTotpByAdmin({ adminUserId: admin.id, userId: user.id })).toEqual({ ok: false, reason: "not_enrolled" });
  });
});
