// What runs beside requests, in the server and in `npm run worker`: the job runner with every
// kind of job and the schedules. Both processes may run it: each job is claimed by one of them,
// and each occurrence of a schedule is queued once (docs/decisions/0007-jobs-table-runner.md).
import { PASSWORD_RESET_JOB, passwordResetJobHandler } from "../app/modules/auth/password-reset.server";
import { IMPORT_JOB, importJobHandler } from "../app/modules/companies/import-job.server";
import { runIntroductionUpkeep } from "../app/modules/introductions/upkeep.server";
import { purgeFinishedJobs } from "../app/modules/jobs/jobs.server";
import type { JobHandler, Schedule } from "../app/modules/jobs/runner.server";
import { startJobRunner } from "../app/modules/jobs/runner.server";
import { runDueDigests } from "../app/modules/matching/announce.server";
import { REBUILD_JOB } from "../app/modules/matching/store.server";
import { rebuildJobHandler } from "../app/modules/matching/sync.server";

export const JOB_HANDLERS: Record<string, JobHandler> = {
  [IMPORT_JOB]: importJobHandler,
  // "Forgot your password?": the lookup, the link and its e-mail, off the request (the page answers alike for every address).
  [PASSWORD_RESET_JOB]: passwordResetJobHandler,
  // Expiry, reminders and staff digests: each step reads stored deadlines, so a run after downtime catches up.
  "introductions.upkeep": () => runIntroductionUpkeep(),
  // New-match digests of each frequency whose time has come (each user's last digest is stored).
  "matching.digests": () => runDueDigests(),
  // Every list from the listings, on a thread of its own (staff ask, the rules or the algorithm changed).
  [REBUILD_JOB]: rebuildJobHandler,
  "jobs.purge": () => ({ deleted: purgeFinishedJobs() }),
};

/** Every `seconds` on the clock (not from start-up), so that every process reckons the same occurrences. */
export function every(seconds: number): Schedule["next"] {
  return (after) => (Math.floor(after / seconds) + 1) * seconds;
}

export function schedules(): Schedule[] {
  const upkeepSeconds = Math.max(1, Math.round((Number(process.env.INTRO_UPKEEP_MS) || 5 * 60 * 1000) / 1000));
  return [
    { name: "introduction-upkeep", kind: "introductions.upkeep", next: every(upkeepSeconds) },
    { name: "match-digests", kind: "matching.digests", next: every(5 * 60) },
    { name: "jobs-purge", kind: "jobs.purge", next: every(86_400) },
  ];
}

export function startJobs() {
  startJobRunner({
    handlers: JOB_HANDLERS,
    schedules: schedules(),
    pollMs: Number(process.env.JOB_POLL_MS) || 1000,
    // Short in the process tests, so a killed runner's job is retaken within seconds.
    leaseSeconds: Number(process.env.JOB_LEASE_SECONDS) || undefined,
  });
}
