import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../db/schema";
import { databasePath } from "./env.server";

export type Db = BetterSQLite3Database<typeof schema>;

type Connection = { sqlite: Database.Database; db: Db; file: string };

// The server loads the Remix build and its own modules separately; both must share one
// connection, so it lives on globalThis rather than in a module variable.
const g = globalThis as typeof globalThis & { __bridgeDb?: Connection };

export function openDatabase(file: string): Connection {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return { sqlite, db: drizzle(sqlite, { schema }), file };
}

function connection(): Connection {
  if (!g.__bridgeDb) g.__bridgeDb = openDatabase(databasePath());
  return g.__bridgeDb;
}

export function getDb(): Db {
  return connection().db;
}

export function getSqlite(): Database.Database {
  return connection().sqlite;
}

export function closeDb() {
  if (g.__bridgeDb) {
    g.__bridgeDb.sqlite.close();
    g.__bridgeDb = undefined;
  }
}
