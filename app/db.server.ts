import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "../db/schema";
import { databasePath } from "./env.server";

type Db = BetterSQLite3Database<typeof schema>;

/** The database or a transaction on it: a function that takes one joins whichever the caller is in. */
export type DbOrTx = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

type Connection = { sqlite: Database.Database; db: Db; file: string };

/**
 * How long a statement waits, blocking its thread, for another connection's write lock. Scripts,
 * the worker process and worker threads wait up to 5 s; the web server's own thread waits a
 * moment only (`waitBriefly`) and retries asynchronously (`retryWhileBusy`), so a held lock never
 * freezes the pages of everyone else (docs/decisions/0009-busy-retry.md).
 */
let busyTimeoutMs = 5000;

// The server loads the Remix build and its own modules separately; both must share one
// connection, so it lives on globalThis rather than in a module variable.
const g = globalThis as typeof globalThis & { __bridgeDb?: Connection };

function openDatabase(file: string): Connection {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  const db = drizzle(sqlite, { schema });
  // Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to
  // busy_timeout for it. A deferred one that reads and then writes fails at once with SQLITE_BUSY
  // when another process committed in between (WAL snapshots cannot be upgraded), however long
  // busy_timeout is.
  const deferred = db.transaction.bind(db);
  db.transaction = ((fn, config) => deferred(fn, { behavior: "immediate", ...config })) as typeof db.transaction;
  return { sqlite, db, file };
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

/**
 * A query built and prepared once per connection, for reads that every page makes: through the
 * query builder each call would build its SQL and prepare it again, which costs more than the
 * SQLite work. `build` prepares with drizzle (`sql.placeholder` for what changes between calls)
 * or, for SQL the builder cannot express, on the connection itself. A prepared query
 * runs on the connection, so inside a caller's transaction too.
 */
export function preparedOnce<T>(build: (connection: { db: Db; sqlite: Database.Database }) => T): () => T {
  const cache = new WeakMap<Db, T>();
  return () => {
    const { db, sqlite } = connection();
    let query = cache.get(db);
    if (query === undefined) {
      query = build({ db, sqlite });
      cache.set(db, query);
    }
    return query;
  };
}

/**
 * The web server's thread: a statement waits at most `ms` for a lock (short transactions of
 * other processes pass unnoticed), then fails with SQLITE_BUSY for `retryWhileBusy` to try again
 * later without blocking the event loop.
 */
export function waitBriefly(ms = 25) {
  busyTimeoutMs = ms;
  if (g.__bridgeDb) g.__bridgeDb.sqlite.pragma(`busy_timeout = ${ms}`);
}

export function closeDb() {
  if (g.__bridgeDb) {
    g.__bridgeDb.sqlite.close();
    g.__bridgeDb = undefined;
  }
}

/** Seconds a client is asked to wait (Retry-After) when the database was busy. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Whether an error is SQLite giving up on a lock another connection held for longer than
 * busy_timeout (SQLITE_BUSY, SQLITE_LOCKED and their extended codes). drizzle wraps driver
 * errors, so the cause chain is searched too.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code)) return true;
  }
  return false;
}

/** How long a request goes on retrying a write behind another process's lock before the 503 page. */
export const BUSY_DEADLINE_MS = 5000;

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY, waiting between tries on a timer
 * (backoff from 10 ms to 250 ms, with jitter), so the thread serves other requests meanwhile.
 * Past `deadlineMs` the busy error is thrown. `attempt` must be safe to run again after a busy
 * failure: a transaction that met the lock wrote nothing (BEGIN IMMEDIATE fails before any write).
 * `onWait` is told once, when the first retry is scheduled.
 */
export async function retryWhileBusy<T>(
  attempt: () => Promise<T>,
  { deadlineMs = BUSY_DEADLINE_MS, onWait }: { deadlineMs?: number; onWait?: () => void } = {},
): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    try {
      return await attempt();
    } catch (err) {
      const remaining = giveUpAt - Date.now();
      if (!isDatabaseBusy(err) || remaining <= 0) throw err;
      if (delay === 10) onWait?.();
      const wait = Math.min(remaining, delay / 2 + Math.random() * delay);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * Runs `fn` on the connection with no busy wait: when another process holds the write lock,
 * `fn` fails at once with SQLITE_BUSY instead of stalling this thread's event loop for
 * busy_timeout. For writes that can simply be tried again later (a job's progress, a lease).
 */
export function withoutWaiting<T>(fn: () => T): T {
  const sqlite = getSqlite();
  const before = sqlite.pragma("busy_timeout", { simple: true }) as number;
  sqlite.pragma("busy_timeout = 0");
  try {
    return fn();
  } finally {
    sqlite.pragma(`busy_timeout = ${Number(before)}`);
  }
}
