// npm run --silent match:rebuild — recomputes every stored match list from the listings (after
// applying migrations), on every core. Prints one line. It is a matching.rebuild job run in this
// process (runJobHere), so staff see it on the jobs page; the server queues the same job itself
// when the algorithm or the rules change, or staff ask. This is for operators.
import { closeDb } from "../app/db.server";
import { runJobHere } from "../app/modules/jobs/runner.server";
import { REBUILD_JOB } from "../app/modules/matching/store.server";
import { rebuildJobHandler } from "../app/modules/matching/sync.server";
import { runMigrations } from "../db/migrate";

runMigrations();
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort(new Error(`stopped at the command line (${signal})`)));
const job = await runJobHere({ kind: REBUILD_JOB, payload: { force: true }, handler: rebuildJobHandler, signal: stop.signal });
if (job.state !== "done") {
  console.error(`the rebuild failed: ${job.error ?? job.state}`);
  closeDb();
  process.exit(1);
}
const result = job.result as { lists: number; ms: number; news: number };
console.log(`rebuilt ${result.lists} match lists in ${result.ms} ms (${result.news} new matches to announce)`);
closeDb();
