// Council settings that staff change at run time (ASEAN ↔ ASEAN matching, caps, …): one row per
// key in `settings`, the value as JSON. Modules own their keys and their defaults.
import type Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "../db/schema";
import { settings } from "../db/schema";

type DbOrTx = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

export function getSetting<T>(db: DbOrTx, key: string, fallback: T, valid: (v: unknown) => v is T): T {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row && valid(row.value) ? row.value : fallback;
}

export function setSetting(db: DbOrTx, input: { key: string; value: unknown; userId?: string | null }) {
  const updatedAt = Math.floor(Date.now() / 1000);
  db.insert(settings)
    .values({ key: input.key, value: input.value, updatedAt, updatedByUserId: input.userId ?? null })
    .onConflictDoUpdate({ target: settings.key, set: { value: input.value, updatedAt, updatedByUserId: input.userId ?? null } })
    .run();
}
