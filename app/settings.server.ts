// Council settings that staff change at run time (ASEAN ↔ ASEAN matching, caps, …): one row per
// key in `settings`, the value as JSON. Modules own their keys and their defaults.
import { eq } from "drizzle-orm";
import { settings } from "../db/schema";
import type { DbOrTx } from "./db.server";
import { nowSeconds } from "./utils/time";

export function getSetting<T>(db: DbOrTx, key: string, fallback: T, valid: (v: unknown) => v is T): T {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row && valid(row.value) ? row.value : fallback;
}

export function setSetting(db: DbOrTx, input: { key: string; value: unknown; userId?: string | null }) {
  const updatedAt = nowSeconds();
  db.insert(settings)
    .values({ key: input.key, value: input.value, updatedAt, updatedByUserId: input.userId ?? null })
    .onConflictDoUpdate({ target: settings.key, set: { value: input.value, updatedAt, updatedByUserId: input.userId ?? null } })
    .run();
}
