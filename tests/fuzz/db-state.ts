// A fingerprint of the database, to prove that a refused request wrote nothing. SQLite's
// total_changes() counts every row an INSERT, UPDATE or DELETE touched on this connection
// (the app's only one), triggers included, whether the transaction was kept or rolled back: if it
// did not move, nothing was written, not even something undone later. The row count of every
// table says where a write went when it did move. (Hashing every row was exact too, but grew
// with the tables to most of a property's time.)
import { eq } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { getDb, getSqlite } from "~/db.server";

let tables: string[] | null = null;

function tableNames() {
  tables ??= (
    getSqlite()
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
      .all() as { name: string }[]
  ).map((t) => t.name);
  return tables;
}

export type DbState = { changes: number; rows: Record<string, number> };

/** Compare two with `expect(after).toEqual(before)`. */
export function dbState(): DbState {
  const sqlite = getSqlite();
  const rows: Record<string, number> = {};
  for (const name of tableNames()) rows[name] = sqlite.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number;
  return { changes: sqlite.prepare("SELECT total_changes()").pluck().get() as number, rows };
}

/**
 * A signed-in request writes its session's last activity (at most once a minute): the guard's
 * own write, not one of the request's input. Dated a day ahead, the session needs no such write
 * while the properties run.
 */
export function quietSession(sessionId: string) {
  getDb()
    .update(sessions)
    .set({ lastActiveAt: Math.floor(Date.now() / 1000) + 86400 })
    .where(eq(sessions.id, sessionId))
    .run();
}
