// The introductions module's one council setting: how many open requests a company may make
// in seven days. Staff change it in the admin settings; every change is audited.
import { z } from "zod";
import { getDb, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { getSetting, setSetting } from "~/settings.server";

const WEEKLY_CAP_KEY = "introductions.weeklyCap";
const DEFAULT_WEEKLY_CAP = 10;
export const MAX_WEEKLY_CAP = 1000;

const isCap = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= MAX_WEEKLY_CAP;

export function getWeeklyCap(db: DbOrTx = getDb()): number {
  return getSetting(db, WEEKLY_CAP_KEY, DEFAULT_WEEKLY_CAP, isCap);
}

export function setWeeklyCap(input: { cap: number; staffUserId: string }): { ok: true } | { ok: false; reason: "out_of_range" } {
  if (!isCap(input.cap)) return { ok: false, reason: "out_of_range" };
  getDb().transaction((tx) => {
    const before = getWeeklyCap(tx);
    setSetting(tx, { key: WEEKLY_CAP_KEY, value: input.cap, userId: input.staffUserId });
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "settings.weekly_cap",
      entityType: "setting",
      entityId: WEEKLY_CAP_KEY,
      before: { cap: before },
      after: { cap: input.cap },
    });
  });
  return { ok: true };
}

// The admin settings page's field for this setting; server-only, as only that page's action reads it.
const capError = { error: "settings.errors.cap" } as const;

/** A whole number from 1 to MAX_WEEKLY_CAP, as typed: "12", not "12.5", "1e2" or "". */
export const weeklyCapFormSchema = z.strictObject({
  intent: z.literal("weeklyCap"),
  cap: z
    .string(capError)
    .trim()
    .regex(/^\d{1,7}$/, capError)
    .transform(Number)
    .pipe(z.number().int().min(1, capError).max(MAX_WEEKLY_CAP, capError)),
});
