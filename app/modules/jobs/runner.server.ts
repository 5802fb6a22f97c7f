// The job runner: polls the job table, claims due jobs with a lease, runs their handlers, and
// queues scheduled jobs when they fall due. The jobs module knows no feature: the shells (the
// server, `npm run worker`) hand it the handlers and the schedules.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { jobSchedules } from "../../../db/schema";
import { startRecurring } from "~/background.server";
import { getDb, isDatabaseBusy, withoutWaiting, type DbOrTx } from "~/db.server";
import { logger } from "~/log.server";
import { nowSeconds } from "~/utils/time";
import { claimJob, completeJob, failJob, getJob, queueJob, reportProgress, type JobRow, type RetryPolicy } from "./jobs.server";

export type JobContext = {
  /** Aborts when the runner stops or loses the job (its lease ran out and another runner took it). */
  signal: AbortSignal;
  /** Records how far the job is, for the staff page; also extends the lease. */
  progress: (done: number, total: number | null) => void;
  /**
   * Marks the job done inside the handler's own transaction, so its work and "done" commit
   * together (a handler that does not call it is marked done with what it returns).
   */
  completeIn: (tx: DbOrTx, result: unknown) => void;
};

/** What a job does. It may run more than once (a runner died mid-way): it starts from the beginning. */
export type JobHandler = (job: JobRow, ctx: JobContext) => Promise<unknown> | unknown;

/** An error that retrying cannot cure (a payload that does not parse): the job fails at once. */
export class PermanentJobError extends Error {}

export type Schedule = {
  name: string;
  kind: string;
  payload?: Record<string, unknown>;
  /** The first due time strictly after `after` (unix seconds). */
  next: (after: number) => number;
};

/**
 * Queues every schedule that has fallen due, once: after downtime that spans several due times
 * the job runs once, and the next due time is the first one after now. One transaction, so two
 * processes never queue the same occurrence (and the occurrence's key makes sure of it).
 */
export function queueDueSchedules(schedules: readonly Schedule[], now = nowSeconds()): number {
  if (schedules.length === 0) return 0;
  const db = getDb();
  // The usual poll finds nothing due, and says so with a read: a transaction takes the write lock,
  // and while another process holds it every poll would stall this thread's event loop.
  const stored = new Map(
    db
      .select()
      .from(jobSchedules)
      .all()
      .map((r) => [r.name, r.nextRunAt]),
  );
  if (schedules.every((s) => stored.has(s.name) && stored.get(s.name)! > now)) return 0;
  try {
    // Not waiting for the lock either: another poll comes in a second.
    return withoutWaiting(() =>
      db.transaction((tx) => {
        let queued = 0;
        for (const s of schedules) {
          const row = tx.select().from(jobSchedules).where(eq(jobSchedules.name, s.name)).get();
          if (!row) {
            tx.insert(jobSchedules)
              .values({ name: s.name, nextRunAt: s.next(now) })
              .run();
            continue;
          }
          if (row.nextRunAt > now) continue;
          queueJob(tx, { kind: s.kind, payload: { ...s.payload, dueAt: row.nextRunAt }, dedupeKey: `${s.name}@${row.nextRunAt}` });
          tx.update(jobSchedules)
            .set({ nextRunAt: s.next(now), lastQueuedAt: now })
            .where(eq(jobSchedules.name, s.name))
            .run();
          queued += 1;
        }
        return queued;
      }),
    );
  } catch (err) {
    if (isDatabaseBusy(err)) return 0;
    throw err;
  }
}

const DEFAULT_LEASE_SECONDS = 120;

export type RunnerOptions = {
  handlers: Record<string, JobHandler>;
  schedules?: readonly Schedule[];
  /** Who holds the leases (a process and a random part). */
  owner?: string;
  leaseSeconds?: number;
  retry?: RetryPolicy;
  now?: () => number;
};

/**
 * Claims and runs due jobs, one at a time, until none is due or the signal asks to stop. Returns
 * how many ran. While a handler works, its lease is renewed; when the lease is lost, the handler's
 * signal aborts and whatever it returns is dropped.
 */
export async function runDueJobs(options: RunnerOptions & { signal?: AbortSignal }): Promise<number> {
  const now = options.now ?? nowSeconds;
  const owner = options.owner ?? defaultOwner();
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const kinds = Object.keys(options.handlers);
  queueDueSchedules(options.schedules ?? [], now());
  let ran = 0;
  while (!options.signal?.aborted) {
    const job = claimJob({ owner, kinds, leaseSeconds, now: now() });
    if (!job) break;
    ran += 1;
    await runOne(job, options.handlers[job.kind], { owner, leaseSeconds, retry: options.retry, now, outer: options.signal });
  }
  return ran;
}

async function runOne(
  job: JobRow,
  handler: JobHandler,
  { owner, leaseSeconds, retry, now, outer }: { owner: string; leaseSeconds: number; retry?: RetryPolicy; now: () => number; outer?: AbortSignal },
) {
  const controller = new AbortController();
  const stopWithOuter = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", stopWithOuter);
  let last = job.progress ?? { done: 0, total: null };
  const renew = () => {
    if (reportProgress({ id: job.id, owner, done: last.done, total: last.total, leaseSeconds, now: now() }) === "lost") controller.abort();
  };
  const timer = setInterval(renew, Math.max(1000, (leaseSeconds * 1000) / 3));
  timer.unref();
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (done, total) => {
      last = { done, total };
      renew();
    },
    completeIn: (tx, result) => {
      if (!completeJob(tx, { id: job.id, owner, result, now: now() })) throw new Error(`job ${job.id} is no longer this runner's`);
    },
  };
  const started = Date.now();
  try {
    const result = await handler(job, ctx);
    // A job the handler completed in its own transaction is no longer "running": this changes nothing.
    if (!controller.signal.aborted) completeJob(getDb(), { id: job.id, owner, result, now: now() });
    logger().info({ type: "job", event: "done", jobId: job.id, kind: job.kind, ms: Date.now() - started });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    // Whether or not the handler's transaction had marked it done, only a job still running as this runner's is failed.
    const outcome = failJob({ id: job.id, owner, error, final: err instanceof PermanentJobError, retry, now: now() });
    logger().warn({ type: "job", event: outcome, jobId: job.id, kind: job.kind, attempts: job.attempts, error });
  } finally {
    clearInterval(timer);
    outer?.removeEventListener("abort", stopWithOuter);
  }
}

/**
 * Queues a job already claimed by this process and runs it here, now, with the handler the
 * runners use: a command-line shell's work, on the staff jobs page like any other. It may run
 * once (`maxAttempts` 1): when this process dies, the next runner that finds its lease over fails
 * it instead of running it again behind the back of whoever started it. The signal stops it
 * (the job is failed with the signal's reason). Returns the job as it ended.
 */
export async function runJobHere({
  kind,
  payload,
  handler,
  createdBy = null,
  leaseSeconds = DEFAULT_LEASE_SECONDS,
  signal,
}: {
  kind: string;
  payload: unknown;
  handler: JobHandler;
  createdBy?: string | null;
  leaseSeconds?: number;
  signal?: AbortSignal;
}): Promise<JobRow> {
  const owner = defaultOwner();
  const id = getDb().transaction((tx) => queueJob(tx, { kind, payload, maxAttempts: 1, createdBy, runningAs: { owner, leaseSeconds } }));
  const job = getJob({ id })!;
  await runOne(job, handler, { owner, leaseSeconds, now: nowSeconds, outer: signal });
  return getJob({ id })!;
}

let ownerId: string | undefined;
function defaultOwner() {
  ownerId ??= `${process.pid}-${randomUUID().slice(0, 8)}`;
  return ownerId;
}

/** Runs the runner as background work of this process, polling every `pollMs`; stopBackgroundWork() waits for the job in flight. */
export function startJobRunner(options: RunnerOptions & { pollMs?: number }) {
  startRecurring("jobs", options.pollMs ?? 1000, async (signal) => {
    await runDueJobs({ ...options, signal });
  });
}
