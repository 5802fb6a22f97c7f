// Two-factor sign-in for staff: TOTP (RFC 6238), 6 digits every 30 seconds with SHA-1, what every
// authenticator app reads from a QR code. The shared secret is sealed with AES-256-GCM under a key
// derived from the app secret and bound to its user, so a copy of the database opens nothing, and
// it is never logged. A code is good once: the time step it belongs to is stored when it is
// accepted, and no step at or before it is accepted again.
//
// The sealed column holds the secret in use ("active", while totp_enabled_at is set) and one being
// set up ("pending"): a replacement takes over only when a code from the new app proves it, so the
// account is never without its second factor in between.
import crypto from "node:crypto";
import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { z } from "zod";
import { sessions, users } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { logAuthEvent, logger } from "~/log.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { AuditAction } from "~/modules/audit/labels";
import { appSecret } from "~/secret.server";
import { getSetting, setSetting } from "~/settings.server";
import { clearTotpFailures, recordTotpFailure, totpBlockedFor } from "./rate-limit.server";
import { isStaffRole, type Role } from "./roles";
import { nowSeconds } from "~/utils/time";

const ISSUER = "Bridge";
const PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
// The step before and after the current one count too: phones' clocks drift, people are slow.
const WINDOW = 1;

// ---- sealing ----

type Secrets = { active?: string; pending?: string };

function sealingKey() {
  return Buffer.from(crypto.hkdfSync("sha256", appSecret(), Buffer.alloc(0), "bridge:totp-secret:v1", 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`; the user id is the additional data, so a row copied to another user does not open. */
function seal(userId: string, secrets: Secrets): string | null {
  if (!secrets.active && !secrets.pending) return null;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealingKey(), iv);
  cipher.setAAD(Buffer.from(userId, "utf8"));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

const secretsSchema = z.strictObject({ active: z.string().optional(), pending: z.string().optional() });

function unseal(userId: string, sealed: string | null): Secrets {
  if (!sealed) return {};
  try {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1") throw new Error("unknown version");
    const decipher = crypto.createDecipheriv("aes-256-gcm", sealingKey(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(userId, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return secretsSchema.parse(JSON.parse(text));
  } catch {
    // The app secret changed or the row was altered: no code can match; an admin reset helps.
    logger().error({ type: "auth", event: "totp_unseal_failed", userId });
    return {};
  }
}

// ---- codes ----

/** What a person types: six digits, spaces allowed ("123 456"). */
const totpCode = z
  .string({ error: "totp.errors.code" })
  .transform((s) => s.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, { error: "totp.errors.code" }));

/** The account page's two-factor forms. */
/** The second step of signing in: the code alone. */
export const totpVerifySchema = z.strictObject({ code: totpCode });

export const totpFormSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("totp-start") }),
  z.strictObject({ intent: z.literal("totp-cancel") }),
  z.strictObject({ intent: z.literal("totp-confirm"), code: totpCode, currentCode: totpCode.optional() }),
  z.strictObject({ intent: z.literal("totp-disable"), code: totpCode }),
]);

/** The time step a code belongs to, within the window around `now` (ms), or null. */
function acceptedStep(base32: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(base32), timestamp: now, window: WINDOW, ...PARAMS });
  return delta === null ? null : TOTP.counter({ period: PARAMS.period, timestamp: now }) + delta;
}

/** Marks a step used. One statement, so of two requests with one code only one wins. */
function consumeStep(db: DbOrTx, userId: string, step: number) {
  return (
    db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), isNotNull(users.totpEnabledAt), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .run().changes === 1
  );
}

type Outcome<R extends string> = "ok" | R;

/**
 * Every check of a code goes through here: refused while the account is blocked, a wrong code
 * counts towards the block, and each attempt is logged (never the code).
 */
async function limited<R extends string>(
  input: { userId: string; ip?: string; event: string },
  check: () => Outcome<R>,
): Promise<{ ok: true } | { ok: false; reason: R | "rate_limited" }> {
  const { userId, ip, event } = input;
  if ((await totpBlockedFor({ userId })) > 0) {
    logAuthEvent(event, { userId, ip, outcome: "rate_limited" });
    return { ok: false, reason: "rate_limited" };
  }
  const outcome = check();
  logAuthEvent(event, { userId, ip, outcome });
  if (outcome === "ok") {
    await clearTotpFailures({ userId });
    return { ok: true };
  }
  if (outcome.startsWith("invalid")) {
    await recordTotpFailure({ userId });
    if ((await totpBlockedFor({ userId })) > 0) return { ok: false, reason: "rate_limited" };
  }
  return { ok: false, reason: outcome as R };
}

function getRow(db: DbOrTx, userId: string) {
  return (
    db
      .select({ id: users.id, email: users.email, role: users.role, totpSecret: users.totpSecret, totpEnabledAt: users.totpEnabledAt })
      .from(users)
      .where(eq(users.id, userId))
      .get() ?? null
  );
}

function auditOwn(tx: DbOrTx, user: { id: string; role: Role }, action: AuditAction, after: Record<string, unknown>) {
  if (isStaffRole(user.role)) recordAudit(tx, { actorUserId: user.id, action, entityType: "user", entityId: user.id, after });
}

// ---- the council's rule ----

const REQUIRE_STAFF_TOTP_KEY = "auth.requireStaffTotp";
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";

export function isStaffTotpRequired(db: DbOrTx = getDb()): boolean {
  return getSetting(db, REQUIRE_STAFF_TOTP_KEY, false, isBoolean);
}

/**
 * Requires (or stops requiring) two-factor sign-in of every staff member. The admin who turns it
 * on must use it already: otherwise their next page would send them to set it up, this one too.
 */
export function setRequireStaffTotp({
  adminUserId,
  required,
}: {
  adminUserId: string;
  required: boolean;
}): { ok: true } | { ok: false; reason: "enrol_first" } {
  return getDb().transaction((tx) => {
    if (required && getRow(tx, adminUserId)?.totpEnabledAt == null) return { ok: false as const, reason: "enrol_first" as const };
    const before = isStaffTotpRequired(tx);
    setSetting(tx, { key: REQUIRE_STAFF_TOTP_KEY, value: required, userId: adminUserId });
    recordAudit(tx, {
      actorUserId: adminUserId,
      action: "settings.require_staff_totp",
      entityType: "setting",
      entityId: REQUIRE_STAFF_TOTP_KEY,
      before: { required: before },
      after: { required },
    });
    return { ok: true as const };
  });
}

/** A staff member the council requires to use two-factor sign-in, who has not set it up yet. */
export function mustEnrolTotp(user: { role: Role; totpEnabledAt: number | null }) {
  return isStaffRole(user.role) && user.totpEnabledAt === null && isStaffTotpRequired();
}

/** The admin settings page's field for the rule. */
export const requireStaffTotpFormSchema = z.strictObject({ intent: z.literal("requireStaffTotp"), required: z.literal("on").optional() });

// ---- a person's own two-factor sign-in ----

function otpauthUri(email: string, base32: string) {
  return new TOTP({ issuer: ISSUER, label: email, secret: Secret.fromBase32(base32), ...PARAMS }).toString();
}

export type TotpStatus = {
  enabled: boolean;
  enabledAt: number | null;
  /** The council requires it of staff: it cannot be turned off, only moved to a new app. */
  required: boolean;
  /** A setup waiting for its first code: the key as text and as a QR code (an SVG data: URI). */
  pending: { secret: string; qrCode: string } | null;
};

/** For the account page; null for members, who are not offered two-factor sign-in. */
export async function getTotpStatus({ userId }: { userId: string }): Promise<TotpStatus | null> {
  const user = getRow(getDb(), userId);
  if (!user || !isStaffRole(user.role)) return null;
  const { pending } = unseal(user.id, user.totpSecret);
  let shown: TotpStatus["pending"] = null;
  if (pending) {
    const svg = await QRCode.toString(otpauthUri(user.email, pending), { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    shown = { secret: pending, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
  }
  return { enabled: user.totpEnabledAt !== null, enabledAt: user.totpEnabledAt, required: isStaffTotpRequired(), pending: shown };
}

/** A new secret, pending until a code proves the app has it; a setup already pending is replaced. */
export function startTotpEnrolment({
  userId,
}: {
  userId: string;
}): { ok: true; secret: string; uri: string } | { ok: false; reason: "not_found" | "not_staff" } {
  return getDb().transaction((tx) => {
    const user = getRow(tx, userId);
    if (!user) return { ok: false as const, reason: "not_found" as const };
    if (!isStaffRole(user.role)) return { ok: false as const, reason: "not_staff" as const };
    const secret = new Secret({ size: 20 }).base32;
    const { active } = unseal(user.id, user.totpSecret);
    tx.update(users)
      .set({ totpSecret: seal(user.id, { active: user.totpEnabledAt ? active : undefined, pending: secret }), updatedAt: nowSeconds() })
      .where(eq(users.id, userId))
      .run();
    return { ok: true as const, secret, uri: otpauthUri(user.email, secret) };
  });
}

/** Drops a pending setup; two-factor sign-in stays as it was. */
export function cancelTotpEnrolment({ userId }: { userId: string }) {
  getDb().transaction((tx) => {
    const user = getRow(tx, userId);
    if (!user) return;
    const { active } = unseal(user.id, user.totpSecret);
    tx.update(users)
      .set({ totpSecret: seal(user.id, { active: user.totpEnabledAt ? active : undefined }), updatedAt: nowSeconds() })
      .where(eq(users.id, userId))
      .run();
  });
}

/**
 * Turns on the pending secret when `code` comes from it. Replacing an app that is in use also
 * takes a code from the current one (`currentCode`), so an open session alone cannot move it.
 */
export function confirmTotpEnrolment(input: {
  userId: string;
  code: string;
  currentCode?: string;
  now?: number;
  ip?: string;
}): Promise<{ ok: true } | { ok: false; reason: "no_pending" | "invalid" | "invalid_current" | "rate_limited" }> {
  const now = input.now ?? Date.now();
  return limited({ userId: input.userId, ip: input.ip, event: "totp_confirm" }, () =>
    getDb().transaction((tx): Outcome<"no_pending" | "invalid" | "invalid_current"> => {
      const user = getRow(tx, input.userId);
      const secrets = user ? unseal(user.id, user.totpSecret) : {};
      if (!user || !secrets.pending) return "no_pending";
      const step = acceptedStep(secrets.pending, input.code, now);
      if (step === null) return "invalid";
      const replacing = user.totpEnabledAt !== null;
      if (replacing) {
        const current = secrets.active && input.currentCode ? acceptedStep(secrets.active, input.currentCode, now) : null;
        if (current === null || !consumeStep(tx, user.id, current)) return "invalid_current";
      }
      tx.update(users)
        .set({ totpSecret: seal(user.id, { active: secrets.pending }), totpEnabledAt: nowSeconds(), totpLastStep: step, updatedAt: nowSeconds() })
        .where(eq(users.id, user.id))
        .run();
      auditOwn(tx, user, replacing ? "staff.totp_replace" : "staff.totp_enable", { enabled: true });
      return "ok";
    }),
  );
}

/** Checks a sign-in code: the current step or one either side, each step once. */
export function verifyTotp(input: {
  userId: string;
  code: string;
  now?: number;
  ip?: string;
}): Promise<{ ok: true } | { ok: false; reason: "not_enabled" | "invalid" | "rate_limited" }> {
  const now = input.now ?? Date.now();
  return limited({ userId: input.userId, ip: input.ip, event: "totp_verify" }, (): Outcome<"not_enabled" | "invalid"> => {
    const db = getDb();
    const user = getRow(db, input.userId);
    if (!user || user.totpEnabledAt === null) return "not_enabled";
    const { active } = unseal(user.id, user.totpSecret);
    const step = active ? acceptedStep(active, input.code, now) : null;
    // A replayed code is "invalid" too: nothing tells an onlooker it was right a minute ago.
    return step !== null && consumeStep(db, user.id, step) ? "ok" : "invalid";
  });
}

/** Turns two-factor sign-in off with a code from the app; refused to staff while the council requires it. */
export async function disableTotp(input: {
  userId: string;
  code: string;
  now?: number;
  ip?: string;
}): Promise<{ ok: true } | { ok: false; reason: "not_enabled" | "required" | "invalid" | "rate_limited" }> {
  const user = getRow(getDb(), input.userId);
  if (!user || user.totpEnabledAt === null) return { ok: false, reason: "not_enabled" };
  if (isStaffRole(user.role) && isStaffTotpRequired()) return { ok: false, reason: "required" };
  const now = input.now ?? Date.now();
  return limited({ userId: user.id, ip: input.ip, event: "totp_disable" }, () =>
    getDb().transaction((tx): Outcome<"invalid"> => {
      const { active } = unseal(user.id, getRow(tx, user.id)?.totpSecret ?? null);
      const step = active ? acceptedStep(active, input.code, now) : null;
      if (step === null || !consumeStep(tx, user.id, step)) return "invalid";
      tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: nowSeconds() }).where(eq(users.id, user.id)).run();
      auditOwn(tx, user, "staff.totp_disable", { enabled: false });
      return "ok";
    }),
  );
}

/**
 * For a staff member who lost their phone: an admin removes their two-factor sign-in and every
 * session of theirs ends. They sign in with their password and set it up again (at once, when
 * the council requires it). Nobody resets their own.
 */
export async function resetTotpByAdmin({
  adminUserId,
  userId,
}: {
  adminUserId: string;
  userId: string;
}): Promise<{ ok: true } | { ok: false; reason: "self" | "not_admin" | "not_found" | "not_enrolled" }> {
  if (adminUserId === userId) return { ok: false, reason: "self" };
  const result = getDb().transaction((tx) => {
    const admin = getRow(tx, adminUserId);
    if (admin?.role !== "admin") return { ok: false as const, reason: "not_admin" as const };
    const user = getRow(tx, userId);
    if (!user) return { ok: false as const, reason: "not_found" as const };
    if (user.totpSecret === null && user.totpEnabledAt === null) return { ok: false as const, reason: "not_enrolled" as const };
    tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: nowSeconds() }).where(eq(users.id, userId)).run();
    const ended = tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
    recordAudit(tx, {
      actorUserId: adminUserId,
      action: "staff.totp_reset",
      entityType: "user",
      entityId: userId,
      before: { enabled: user.totpEnabledAt !== null },
      after: { enabled: false, sessionsEnded: ended },
    });
    return { ok: true as const };
  });
  if (result.ok) await clearTotpFailures({ userId });
  return result;
}
