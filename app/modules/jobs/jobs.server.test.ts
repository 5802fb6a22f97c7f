import { beforeEach, describe, expect, it } from "vitest";
import { jobSchedules, jobs } from "../../../db/schema";
import { getDb, getSqlite } from "~/db.server";
import { ABANDONED_ERROR, claimJob, completeJob, countJobsByState, failJob, getJob, listJobs, queueJob, reportProgress, retryFailedJob } from "./jobs.server";
import { PermanentJobError, queueDueSchedules, runDueJobs, runJobHere, type Schedule } from "./runner.server";

const db = () => getDb();
beforeEach(() => {
  db().delete(jobs).run();
  db().delete(jobSchedules).run();
});

const T0 = 1_800_000_000;

describe("queueing", () => {
  it("queues in the caller's transaction: a rolled-back cause leaves no job", () => {
    expect(() =>
      db().transaction((tx) => {
        queueJob(tx, { kind: "import", payload: { file: "a.csv" } });
        throw new Error("the cause failed");
      }),
    ).toThrow("the cause failed");
    expect(listJobs()).toEqual([]);
    const id = db().transaction((tx) => queueJob(tx, { kind: "import", payload: { file: "a.csv" } }));
    expect(getJob({ id })).toMatchObject({ kind: "import", state: "queued", payload: { file: "a.csv" }, attempts: 0 });
  });

  it("a dedupe key queues once; coalesce joins a job still waiting, not one that runs", () => {
    const a = queueJob(db(), { kind: "digest", dedupeKey: "daily@1" });
    expect(queueJob(db(), { kind: "digest", dedupeKey: "daily@1" })).toBe(a);
    const r1 = queueJob(db(), { kind: "rebuild", coalesce: true });
    expect(queueJob(db(), { kind: "rebuild", coalesce: true })).toBe(r1);
    expect(queueJob(db(), { kind: "rebuild", payload: { only: 3 }, coalesce: true })).not.toBe(r1);
    claimJob({ owner: "w1", kinds: ["rebuild"], leaseSeconds: 60 });
    // r1 is running now (the one with the oldest run-after): a new request waits behind it.
    const r2 = queueJob(db(), { kind: "rebuild", coalesce: true });
    expect(r2).not.toBe(r1);
    expect(countJobsByState()).toMatchObject({ queued: 3, running: 1 });
  });
});

describe("claiming", () => {
  it("takes due jobs of its kinds oldest first, each once, and retakes a job whose lease ran out", () => {
    const later = queueJob(db(), { kind: "k", runAfter: T0 + 100 });
    const first = queueJob(db(), { kind: "k", runAfter: T0 - 10 });
    queueJob(db(), { kind: "other", runAfter: T0 - 20 });
    expect(claimJob({ owner: "w1", kinds: ["k"], leaseSeconds: 60, now: T0 })?.id).toBe(first);
    expect(claimJob({ owner: "w2", kinds: ["k"], leaseSeconds: 60, now: T0 })).toBeNull();
    // w1 dies; after its lease, w2 takes the job (attempt 2).
    const retaken = claimJob({ owner: "w2", kinds: ["k"], leaseSeconds: 60, now: T0 + 61 });
    expect(retaken).toMatchObject({ id: first, leaseOwner: "w2", attempts: 2 });
    // w1 comes back: its word no longer counts.
    expect(reportProgress({ id: first, owner: "w1", done: 1, total: 2, leaseSeconds: 60, now: T0 + 62 })).toBe("lost");
    expect(completeJob(db(), { id: first, owner: "w1", result: "stale", now: T0 + 62 })).toBe(false);
    expect(completeJob(db(), { id: first, owner: "w2", result: { rows: 3 }, now: T0 + 63 })).toBe(true);
    expect(getJob({ id: first })).toMatchObject({ state: "done", result: { rows: 3 }, finishedAt: T0 + 63, leaseOwner: null });
    expect(claimJob({ owner: "w1", kinds: ["k"], leaseSeconds: 60, now: T0 + 100 })?.id).toBe(later);
  });

  it("retries with doubling waits, then fails with the error; staff retry starts it afresh", () => {
    const id = queueJob(db(), { kind: "k", runAfter: T0, maxAttempts: 3 });
    const waits: number[] = [];
    let now = T0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now })!;
      expect(job.attempts).toBe(attempt);
      const outcome = failJob({ id, owner: "w", error: `boom ${attempt}`, now });
      if (attempt < 3) {
        expect(outcome).toBe("retry");
        const after = getJob({ id })!;
        waits.push(after.runAfter - now);
        expect(claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now: after.runAfter - 1 })).toBeNull();
        now = after.runAfter;
      } else expect(outcome).toBe("failed");
    }
    expect(waits).toEqual([30, 60]);
    expect(getJob({ id })).toMatchObject({ state: "failed", error: "boom 3" });
    expect(retryFailedJob({ id: 999_999 })).toEqual({ ok: false, reason: "not_failed" });
    expect(retryFailedJob({ id, now })).toEqual({ ok: true });
    expect(getJob({ id })).toMatchObject({ state: "queued", attempts: 0, error: null });
    expect(retryFailedJob({ id, now })).toEqual({ ok: false, reason: "not_failed" });
  });
});

describe("a job run where it was queued", () => {
  it("runJobHere queues it claimed by this process, so no runner takes it, and returns it done", async () => {
    let seenByOthers: unknown = "not asked";
    const job = await runJobHere({
      kind: "k",
      payload: { n: 2 },
      handler: (j) => {
        seenByOthers = claimJob({ owner: "elsewhere", kinds: ["k"], leaseSeconds: 60 });
        return { doubled: (j.payload as { n: number }).n * 2 };
      },
    });
    expect(seenByOthers).toBeNull();
    expect(job).toMatchObject({ kind: "k", state: "done", attempts: 1, maxAttempts: 1, result: { doubled: 4 } });
  });

  it("stopped by its signal it is failed with the reason, not retried", async () => {
    const stop = new AbortController();
    const job = await runJobHere({
      kind: "k",
      payload: {},
      signal: stop.signal,
      handler: (_j, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error));
          stop.abort(new Error("stopped at the command line (SIGINT)"));
        }),
    });
    expect(job).toMatchObject({ state: "failed", error: "stopped at the command line (SIGINT)" });
  });

  it("when its process dies on the last attempt, the next runner fails it after the lease instead of running it again", () => {
    const id = queueJob(db(), { kind: "k", maxAttempts: 1, runningAs: { owner: "gone", leaseSeconds: 60 } });
    const queuedAt = getJob({ id })!.leaseUntil! - 60;
    expect(claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now: queuedAt + 59 })).toBeNull();
    expect(getJob({ id })).toMatchObject({ state: "running", leaseOwner: "gone" });
    expect(claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now: queuedAt + 61 })).toBeNull();
    expect(getJob({ id })).toMatchObject({ state: "failed", error: ABANDONED_ERROR, leaseOwner: null, attempts: 1 });
    // Staff may run it again on purpose.
    expect(retryFailedJob({ id, now: queuedAt + 62 })).toEqual({ ok: true });
    expect(claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now: queuedAt + 62 })).toMatchObject({ id, attempts: 1 });
  });
});

describe("the runner", () => {
  it("runs handlers, records progress and results, fails a permanent error at once, retries the others", async () => {
    const seen: number[] = [];
    const ok = queueJob(db(), { kind: "sum", payload: { of: [1, 2, 3] }, runAfter: T0 });
    const bad = queueJob(db(), { kind: "parse", runAfter: T0 });
    const flaky = queueJob(db(), { kind: "flaky", runAfter: T0 });
    const ran = await runDueJobs({
      now: () => T0,
      owner: "w",
      handlers: {
        sum: (job, ctx) => {
          const of = (job.payload as { of: number[] }).of;
          ctx.progress(1, of.length);
          seen.push(getJob({ id: job.id })!.progress!.done);
          return { total: of.reduce((a, b) => a + b, 0) };
        },
        parse: () => {
          throw new PermanentJobError("the payload names no file");
        },
        flaky: () => {
          throw new Error("the network blinked");
        },
      },
    });
    expect(ran).toBe(3);
    expect(seen).toEqual([1]);
    expect(getJob({ id: ok })).toMatchObject({ state: "done", result: { total: 6 }, progress: { done: 1, total: 3 } });
    expect(getJob({ id: bad })).toMatchObject({ state: "failed", error: "the payload names no file", attempts: 1 });
    expect(getJob({ id: flaky })).toMatchObject({ state: "queued", error: "the network blinked", runAfter: T0 + 30 });
  });

  it("completeIn commits the handler's work and 'done' together; a throw after it rolls both back", async () => {
    const id = queueJob(db(), { kind: "write", runAfter: T0 });
    await runDueJobs({
      now: () => T0,
      owner: "w",
      handlers: {
        write: (job, ctx) => {
          db().transaction((tx) => {
            tx.insert(jobSchedules).values({ name: "marker", nextRunAt: 1 }).run();
            ctx.completeIn(tx, { wrote: 1 });
            throw new Error("after the work");
          });
        },
      },
    });
    expect(db().select().from(jobSchedules).all()).toEqual([]);
    expect(getJob({ id })).toMatchObject({ state: "queued", error: "after the work" });
  });
});

describe("schedules", () => {
  const daily: Schedule = { name: "digest-daily", kind: "digest", payload: { frequency: "daily" }, next: (after) => (Math.floor(after / 86_400) + 1) * 86_400 };

  it("a due time is stored; downtime across several due times queues the job once", () => {
    const day = 86_400 * 20_000;
    expect(queueDueSchedules([daily], day + 10)).toBe(0);
    expect(db().select().from(jobSchedules).get()).toMatchObject({ nextRunAt: day + 86_400 });
    expect(queueDueSchedules([daily], day + 86_399)).toBe(0);
    // The server was down for three days.
    expect(queueDueSchedules([daily], day + 3 * 86_400 + 5)).toBe(1);
    expect(queueDueSchedules([daily], day + 3 * 86_400 + 6)).toBe(0);
    expect(listJobs()).toHaveLength(1);
    expect(listJobs()[0]).toMatchObject({ kind: "digest", payload: { frequency: "daily", dueAt: day + 86_400 } });
    expect(db().select().from(jobSchedules).get()).toMatchObject({ nextRunAt: day + 4 * 86_400 });
  });
});

describe("a lock held elsewhere", () => {
  it("progress is not waited for while another connection holds the write lock: 'busy', the wait restored, 'ok' after", async () => {
    const Database = (await import("better-sqlite3")).default;
    const { databasePath } = await import("~/env.server");
    const id = queueJob(db(), { kind: "k", runAfter: T0 });
    claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now: T0 });
    const other = new Database(databasePath());
    other.exec("BEGIN IMMEDIATE");
    try {
      expect(reportProgress({ id, owner: "w", done: 5, total: 10, leaseSeconds: 60, now: T0 + 1 })).toBe("busy");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(getSqliteBusyTimeout()).toBe(5000);
    expect(reportProgress({ id, owner: "w", done: 5, total: 10, leaseSeconds: 60, now: T0 + 2 })).toBe("ok");
    expect(getJob({ id })?.progress).toEqual({ done: 5, total: 10 });
  });
});

describe("polling while another process writes", () => {
  it("claims nothing and queues no schedule while the lock is held elsewhere, then does both", async () => {
    const Database = (await import("better-sqlite3")).default;
    const { databasePath } = await import("~/env.server");
    const daily: Schedule = { name: "tick", kind: "tick", next: (after) => after + 10 };
    queueDueSchedules([daily], T0);
    const id = queueJob(db(), { kind: "k", runAfter: T0 });
    const other = new Database(databasePath());
    other.exec("BEGIN IMMEDIATE");
    try {
      expect(claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now: T0 + 20 })).toBeNull();
      expect(queueDueSchedules([daily], T0 + 20)).toBe(0);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(claimJob({ owner: "w", kinds: ["k"], leaseSeconds: 60, now: T0 + 20 })?.id).toBe(id);
    expect(queueDueSchedules([daily], T0 + 20)).toBe(1);
  });
});

function getSqliteBusyTimeout() {
  return getSqlite().pragma("busy_timeout", { simple: true });
}
