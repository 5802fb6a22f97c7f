// The server down across a digest's time: the production server runs (the digest schedule is
// stored, nothing is due), stops; while it is down the schedule's next run and the weekly digest's
// time go by (set in the database: the clock is not ours to move); the server starts again and
// sends the digest, once, to a real SMTP server; a worker started beside it sends nothing more.
import { spawn, type ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { companies, companyMembers, jobSchedules, jobs, outbox, users } from "../../db/schema";
import { getDb } from "~/db.server";
import { databasePath } from "~/env.server";
import { runImport } from "~/modules/companies/import.server";
import { queueJob } from "~/modules/jobs/jobs.server";
import { syncMatches } from "~/modules/matching/sync.server";
import { getSetting, setSetting } from "~/settings.server";
import { nowSeconds } from "~/utils/time";
import { makeUser } from "../factories";
import { startServer, type ServerHandle } from "../server-process";
import { startSmtpSink, type Sink } from "../smtp-sink";

let server: ServerHandle | undefined;
let sink: Sink | undefined;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await server?.stop();
  await sink?.close();
});

const WEEKLY_LAST_RUN = "matching.digest.weekly.lastRunAt";

async function until(check: () => boolean, what: string, limitMs = 120_000) {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const firm = (externalId: string, country: string, offers: string[], needs: string[]) => ({
  externalId,
  name: `Digest ${externalId}`,
  country,
  sectors: ["cloud"],
  offers,
  needs,
  languages: ["en"],
});

function importFirms(rows: object[]) {
  expect(runImport({ bytes: Buffer.from(JSON.stringify({ companies: rows })), filename: "firms.json", status: "approved" }).ok).toBe(true);
}

const schedule = () => getDb().select().from(jobSchedules).where(eq(jobSchedules.name, "match-digests")).get();
const digestJobs = () =>
  getDb()
    .select()
    .from(jobs)
    .all()
    .filter((j) => j.kind === "matching.digests");
const digestMails = () =>
  getDb()
    .select()
    .from(outbox)
    .all()
    .filter((m) => m.template === "new_matches");

it("a digest due while the server was down is sent once when it starts again, and a worker beside it sends nothing more", { timeout: 300_000 }, async () => {
  sink = await startSmtpSink();
  const env = { SMTP_URL: sink.url, MAIL_POLL_MS: "100", JOB_POLL_MS: "100", LOG_LEVEL: "info" };

  // A member of a Thai firm; its new partner arrives after it joined: one match to tell of weekly.
  importFirms([firm("dg-th", "TH", ["role.distribution"], ["cloud.iaas"])]);
  const user = await makeUser({ locale: "en" });
  getDb().update(users).set({ emailVerifiedAt: 1 }).where(eq(users.id, user.id)).run();
  const thaiFirm = getDb().select({ id: companies.id }).from(companies).where(eq(companies.externalId, "dg-th")).get()!;
  getDb().insert(companyMembers).values({ userId: user.id, companyId: thaiFirm.id, role: "owner", createdAt: 0 }).run();
  await syncMatches();
  importFirms([firm("dg-cn", "CN", ["cloud.iaas"], ["role.distribution"])]);
  await syncMatches();
  // This week's digest has been sent already: nothing is due while the server first runs.
  setSetting(getDb(), { key: WEEKLY_LAST_RUN, value: nowSeconds() });

  server = await startServer(env);
  await until(() => schedule() !== undefined, "the server to store the digest schedule");
  expect(schedule()!.nextRunAt).toBeGreaterThan(nowSeconds());
  await server.stop();
  server = undefined;
  expect(digestMails()).toHaveLength(0);

  // Down across the due time: the schedule's run and the weekly digest's time both went by.
  getDb()
    .update(jobSchedules)
    .set({ nextRunAt: nowSeconds() - 3600 })
    .where(eq(jobSchedules.name, "match-digests"))
    .run();
  setSetting(getDb(), { key: WEEKLY_LAST_RUN, value: 0 });

  server = await startServer(env);
  await until(() => sink!.received.length >= 1, "the digest to reach the SMTP server");
  await until(() => digestJobs().some((j) => j.state === "done"), "the digest job to be done");
  expect(digestMails()).toHaveLength(1);
  expect(digestMails()[0].toAddress).toBe(user.email);
  expect(getSetting(getDb(), WEEKLY_LAST_RUN, 0, (v): v is number => typeof v === "number")).toBeGreaterThan(0);

  // A worker beside the server: it runs its schedules and jobs, and the digest is not sent again.
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, ...env, DATABASE_URL: databasePath(), NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(worker);
  let workerLog = "";
  worker.stdout!.on("data", (d) => (workerLog += d));
  worker.stderr!.on("data", (d) => (workerLog += d));
  // Proof that the worker has polled (queued what was due, claimed what it could): a job it ran.
  const ranByWorker = () => workerLog.split("\n").some((l) => l.includes('"type":"job"') && l.includes('"event":"done"'));
  const end = Date.now() + 120_000;
  while (!ranByWorker()) {
    if (Date.now() > end) throw new Error(`the worker ran no job: ${workerLog}`);
    queueJob(getDb(), { kind: "jobs.purge", coalesce: true });
    await new Promise((r) => setTimeout(r, 200));
  }
  // Each process has now polled at least once more since the digest: still one digest, one job.
  expect(digestJobs()).toHaveLength(1);
  expect(digestMails()).toHaveLength(1);
  expect(sink.received).toHaveLength(1);
  worker.kill("SIGTERM");
  await new Promise((r) => worker.once("exit", r));
});
