// Applies the SQL migrations in migrations/ to the database named by DATABASE_URL.
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { closeDb, getDb } from "../app/db.server";
import { databasePath } from "../app/env.server";

export function runMigrations() {
  migrate(getDb(), { migrationsFolder: path.resolve("migrations") });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("db/migrate.ts")) {
  runMigrations();
  console.log(`migrated ${databasePath()}`);
  closeDb();
}
