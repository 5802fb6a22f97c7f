// The job table: work that is not answering a request, queued in the transaction that causes
// it, claimed by a runner with a lease, retried with backoff, visible to staff. Why a table of
// our own and not a library: docs/decisions/0007-jobs-table-runner.md.
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import { jobs } from "../../../db/schema";
import { getDb, isDatabaseBusy, withoutWaiting, type DbOrTx } from "~/db.server";
import { nowSeconds } from "~/utils/time";

export type JobRow = typeof jobs.$inferSelect;
export type { JobState } from "./labels";
import { JOB_STATES, type JobState } from "./labels";

export type QueueJobInput = {
  kind: string;
  payload?: unknown;
  /** Unix seconds; default now. */
  runAfter?: number;
  maxAttempts?: number;
  /** A second job with this key is not queued (a schedule's occurrence). */
  dedupeKey?: string;
  /** When a job of this kind with the same payload is still queued, that one stands for this one. */
  coalesce?: boolean;
  createdBy?: string | null;
  /** Queued already claimed by this runner (a shell that runs the job itself, now): no other runner takes it while the lease holds. */
  runningAs?: { owner: string; leaseSeconds: number };
};

/**
 * Queues a job inside the caller's transaction (pass the tx as `db`), so the job exists exactly
 * when what caused it does. Returns the job's id, or the id of the job that stands for it.
 */
export function queueJob(db: DbOrTx, input: QueueJobInput): number {
  const payload = input.payload ?? {};
  if (input.coalesce) {
    const waiting = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.kind, input.kind), eq(jobs.state, "queued"), eq(jobs.payload, payload)))
      .limit(1)
      .get();
    if (waiting) return waiting.id;
  }
  if (input.dedupeKey) {
    const existing = db.select({ id: jobs.id }).from(jobs).where(eq(jobs.dedupeKey, input.dedupeKey)).get();
    if (existing) return existing.id;
  }
  const now = nowSeconds();
  const claimed = input.runningAs
    ? { state: "running" as const, attempts: 1, leaseOwner: input.runningAs.owner, leaseUntil: now + input.runningAs.leaseSeconds, startedAt: now }
    : {};
  const row = db
    .insert(jobs)
    .values({
      kind: input.kind,
      payload,
      runAfter: input.runAfter ?? now,
      maxAttempts: input.maxAttempts ?? 5,
      dedupeKey: input.dedupeKey ?? null,
      createdBy: input.createdBy ?? null,
      ...claimed,
    })
    .returning({ id: jobs.id })
    .get();
  return row.id;
}

/** A job that ran as often as it may is failed, not run again, when its last runner dies. */
export const ABANDONED_ERROR = "its runner stopped before it finished (nothing of that run was kept)";

/**
 * Claims the oldest due job of the given kinds — a queued one whose time has come, or a running
 * one whose lease ran out (its runner died) and that has attempts left — in one statement, so two
 * runners never take the same job. A running job whose lease ran out on its last attempt is
 * failed instead, for staff to read and retry. Returns null when nothing is due.
 */
export function claimJob({
  owner,
  kinds,
  leaseSeconds,
  now = nowSeconds(),
}: {
  owner: string;
  kinds: readonly string[];
  leaseSeconds: number;
  now?: number;
}): JobRow | null {
  if (kinds.length === 0) return null;
  const db = getDb();
  const leaseOver = and(inArray(jobs.kind, [...kinds]), eq(jobs.state, "running"), lte(jobs.leaseUntil, now));
  const abandoned = and(leaseOver, gte(jobs.attempts, jobs.maxAttempts));
  if (db.select({ id: jobs.id }).from(jobs).where(abandoned).limit(1).get()) {
    try {
      withoutWaiting(() =>
        db.update(jobs).set({ state: "failed", error: ABANDONED_ERROR, finishedAt: now, leaseOwner: null, leaseUntil: null }).where(abandoned).run(),
      );
    } catch (err) {
      if (!isDatabaseBusy(err)) throw err;
    }
  }
  const isDue = and(
    inArray(jobs.kind, [...kinds]),
    or(and(eq(jobs.state, "queued"), lte(jobs.runAfter, now)), and(leaseOver, lt(jobs.attempts, jobs.maxAttempts))),
  );
  // The usual poll finds nothing: decide that with a read, because an UPDATE takes the write
  // lock even when it matches no row.
  if (!db.select({ id: jobs.id }).from(jobs).where(isDue).limit(1).get()) return null;
  const next = db.select({ id: jobs.id }).from(jobs).where(isDue).orderBy(asc(jobs.runAfter), asc(jobs.id)).limit(1);
  // Nor is the lock waited for when another process holds it: the job is claimed at a later poll.
  try {
    return withoutWaiting(
      () =>
        db
          .update(jobs)
          .set({
            state: "running",
            attempts: sql`${jobs.attempts} + 1`,
            leaseOwner: owner,
            leaseUntil: now + leaseSeconds,
            startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
            progress: null,
            error: null,
          })
          .where(and(inArray(jobs.id, next), isDue))
          .returning()
          .get() ?? null,
    );
  } catch (err) {
    if (isDatabaseBusy(err)) return null;
    throw err;
  }
}

/** A runner's word on its job; false when the job is no longer its own (its lease ran out and another took it). */
function whileOwned(id: number, owner: string) {
  return and(eq(jobs.id, id), eq(jobs.state, "running"), eq(jobs.leaseOwner, owner));
}

/**
 * Records progress and extends the lease: "lost" when the job is no longer this runner's, "busy"
 * when another connection holds the write lock (an import's own transaction): the write is not
 * waited for, and the next report tries again.
 */
export function reportProgress({
  id,
  owner,
  done,
  total,
  leaseSeconds,
  now = nowSeconds(),
}: {
  id: number;
  owner: string;
  done: number;
  total: number | null;
  leaseSeconds: number;
  now?: number;
}): "ok" | "lost" | "busy" {
  try {
    const r = withoutWaiting(() =>
      getDb()
        .update(jobs)
        .set({ progress: { done, total }, leaseUntil: now + leaseSeconds })
        .where(whileOwned(id, owner))
        .run(),
    );
    return r.changes === 1 ? "ok" : "lost";
  } catch (err) {
    if (isDatabaseBusy(err)) return "busy";
    throw err;
  }
}

/**
 * Marks a job done with its result. `db` may be the transaction in which the handler applied
 * its work, so the work and "done" commit together.
 */
export function completeJob(
  db: DbOrTx,
  {
    id,
    owner,
    result,
    progress,
    now = nowSeconds(),
  }: { id: number; owner: string; result: unknown; progress?: { done: number; total: number | null }; now?: number },
): boolean {
  const r = db
    .update(jobs)
    .set({ state: "done", result: result ?? null, ...(progress ? { progress } : {}), finishedAt: now, leaseOwner: null, leaseUntil: null })
    .where(whileOwned(id, owner))
    .run();
  return r.changes === 1;
}

export type RetryPolicy = { baseSeconds: number; maxSeconds: number };
export const DEFAULT_RETRY: RetryPolicy = { baseSeconds: 30, maxSeconds: 3600 };

/**
 * A handler threw: the job waits and runs again (30 s, 60 s, 120 s … up to an hour), or, after its
 * last attempt or when `final`, is failed with the error for staff to read.
 */
export function failJob({
  id,
  owner,
  error,
  final = false,
  retry = DEFAULT_RETRY,
  now = nowSeconds(),
}: {
  id: number;
  owner: string;
  error: string;
  final?: boolean;
  retry?: RetryPolicy;
  now?: number;
}): "retry" | "failed" | "lost" {
  const db = getDb();
  return db.transaction((tx) => {
    const job = tx.select().from(jobs).where(whileOwned(id, owner)).get();
    if (!job) return "lost";
    const message = error.slice(0, 4000);
    if (final || job.attempts >= job.maxAttempts) {
      tx.update(jobs).set({ state: "failed", error: message, finishedAt: now, leaseOwner: null, leaseUntil: null }).where(eq(jobs.id, id)).run();
      return "failed";
    }
    const wait = Math.min(retry.maxSeconds, retry.baseSeconds * 2 ** (job.attempts - 1));
    tx.update(jobs)
      .set({ state: "queued", error: message, runAfter: now + wait, leaseOwner: null, leaseUntil: null })
      .where(eq(jobs.id, id))
      .run();
    return "retry";
  });
}

/** Staff run a failed job again, from the start, with a fresh count of attempts. */
export function retryFailedJob({ id, now = nowSeconds() }: { id: number; now?: number }): { ok: true } | { ok: false; reason: "not_failed" } {
  const r = getDb()
    .update(jobs)
    .set({ state: "queued", attempts: 0, runAfter: now, error: null, result: null, progress: null, finishedAt: null, startedAt: null })
    .where(and(eq(jobs.id, id), eq(jobs.state, "failed")))
    .run();
  return r.changes === 1 ? { ok: true } : { ok: false, reason: "not_failed" };
}

export function getJob({ id }: { id: number }): JobRow | null {
  return getDb().select().from(jobs).where(eq(jobs.id, id)).get() ?? null;
}

/** The newest jobs first, optionally of one state or kind. */
export function listJobs({ state, kind, limit = 100, offset = 0 }: { state?: JobState; kind?: string; limit?: number; offset?: number } = {}): JobRow[] {
  const where = and(state ? eq(jobs.state, state) : undefined, kind ? eq(jobs.kind, kind) : undefined);
  return getDb().select().from(jobs).where(where).orderBy(desc(jobs.id)).limit(limit).offset(offset).all();
}

export function countJobsByState(): Record<JobState, number> {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const row of getDb()
    .select({ state: jobs.state, n: sql<number>`count(*)` })
    .from(jobs)
    .groupBy(jobs.state)
    .all())
    counts[row.state] = row.n;
  return counts;
}

/** Done jobs older than `days` are deleted (failed ones stay until staff retry them or they age twice as long). */
export function purgeFinishedJobs({ days = 30, now = nowSeconds() }: { days?: number; now?: number } = {}): number {
  const cutoff = now - days * 86_400;
  const r = getDb()
    .delete(jobs)
    .where(or(and(eq(jobs.state, "done"), lte(jobs.finishedAt, cutoff)), and(eq(jobs.state, "failed"), lte(jobs.finishedAt, cutoff - days * 86_400))))
    .run();
  return r.changes;
}
