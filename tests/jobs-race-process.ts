// One of two job runners on one database (see tests/integration/jobs-race.test.ts): it says
// "ready", waits for the go file, then runs due jobs and schedules until the stop file appears.
// Each job it runs and each schedule occurrence it handles is written down with its own name.
import fs from "node:fs";
import { closeDb, getSqlite } from "../app/db.server";
import { runDueJobs } from "../app/modules/jobs/runner.server";

const name = process.env.RACE_RUNNER!;
const goFile = process.env.RACE_GO!;
const stopFile = process.env.RACE_STOP!;
const sqlite = getSqlite();
const record = sqlite.prepare("insert into race_runs (job_id, kind, due_at, runner) values (?, ?, ?, ?)");
const handler = (job: { id: number; kind: string; payload: unknown }) => {
  record.run(job.id, job.kind, (job.payload as { dueAt?: number }).dueAt ?? null, name);
};
const every = (seconds: number) => (after: number) => (Math.floor(after / seconds) + 1) * seconds;

process.stdout.write("ready\n");
while (!fs.existsSync(goFile)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
while (!fs.existsSync(stopFile)) {
  await runDueJobs({
    owner: name,
    handlers: { "race.work": handler, "race.tick": handler },
    schedules: [{ name: "race-tick", kind: "race.tick", next: every(1) }],
  });
  await new Promise((r) => setTimeout(r, 20));
}
closeDb();
process.stdout.write("done\n");
