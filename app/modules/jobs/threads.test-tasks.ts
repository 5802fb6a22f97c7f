// Tasks for threads.server.test.ts, run on worker threads.
import { threadId } from "node:worker_threads";
import { jobSchedules } from "../../../db/schema";
import { getDb } from "~/db.server";
import type { ThreadTaskContext } from "./threads.server";

export function writeAndCount(input: { names: string[] }, ctx: ThreadTaskContext) {
  const db = getDb();
  input.names.forEach((name, i) => {
    db.insert(jobSchedules).values({ name, nextRunAt: i }).run();
    ctx.progress(i + 1, input.names.length);
  });
  return { threadId, rows: db.select().from(jobSchedules).all().length };
}

export function fails() {
  throw new Error("the file has no header row");
}

/** Holds its thread busy until terminated. */
export function spin(): never {
  getDb().transaction((tx) => {
    tx.insert(jobSchedules).values({ name: "half-written", nextRunAt: 1 }).run();
    for (;;);
  });
  throw new Error("unreachable");
}

/** Writes a row every 20 ms until asked to stop, then one last row saying so. */
export async function tickUntilStopped(_: null, ctx: ThreadTaskContext) {
  const db = getDb();
  let n = 0;
  while (!ctx.signal?.aborted) {
    db.insert(jobSchedules)
      .values({ name: `tick-${n}`, nextRunAt: n })
      .run();
    n += 1;
    await new Promise((r) => setTimeout(r, 20));
  }
  db.insert(jobSchedules).values({ name: "stopped", nextRunAt: n }).run();
  return n;
}
