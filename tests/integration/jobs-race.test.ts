// Two processes run the job runner on one database (the server's and `npm run worker`'s): every
// queued job runs once, and every occurrence of a schedule is queued and run once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { getDb, getSqlite } from "~/db.server";
import { databasePath } from "~/env.server";
import { queueJob } from "~/modules/jobs/jobs.server";
import { startRacer } from "../racer";

const JOBS = 300;

it("two runners racing: each of 300 jobs once, each schedule occurrence once", async () => {
  getSqlite().exec("create table race_runs (job_id integer not null, kind text not null, due_at integer, runner text not null)");
  getDb().transaction((tx) => {
    for (let i = 0; i < JOBS; i++) queueJob(tx, { kind: "race.work", payload: { i } });
  });
  getSqlite().pragma("wal_checkpoint(TRUNCATE)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-jobs-race-"));
  const goFile = path.join(dir, "go");
  const stopFile = path.join(dir, "stop");
  const runners = ["server", "worker"].map((name) =>
    startRacer("tests/jobs-race-process.ts", { DATABASE_URL: databasePath(), RACE_RUNNER: name, RACE_GO: goFile, RACE_STOP: stopFile }, name),
  );
  await Promise.all(runners.map((r) => r.ready));
  fs.writeFileSync(goFile, "");
  // Long enough for every job and several one-second occurrences of the schedule.
  await new Promise((r) => setTimeout(r, 4500));
  fs.writeFileSync(stopFile, "");
  await Promise.all(runners.map((r) => r.done));

  const runs = getSqlite().prepare("select job_id as jobId, kind, due_at as dueAt, runner from race_runs").all() as {
    jobId: number;
    kind: string;
    dueAt: number | null;
    runner: string;
  }[];
  const work = runs.filter((r) => r.kind === "race.work");
  expect(work).toHaveLength(JOBS);
  expect(new Set(work.map((r) => r.jobId)).size).toBe(JOBS);
  const ticks = runs.filter((r) => r.kind === "race.tick");
  // The first pass only stores the first due time; then one job per second that passed.
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(new Set(ticks.map((r) => r.dueAt)).size).toBe(ticks.length);
  const states = getSqlite().prepare("select state, count(*) as n from jobs group by state").all();
  expect(states).toEqual([{ state: "done", n: JOBS + ticks.length }]);
}, 60_000);
