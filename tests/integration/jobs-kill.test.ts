// kill -9 of the worker process (scripts/worker.ts) in the middle of a job: an import job, and a
// full match rebuild job. Each is held at a fault point (app/fault-points.server.ts) inside its
// one transaction, after all its writes and before the commit, and killed there: afterwards the
// database holds exactly what it held before. A second worker retakes the job after its lease
// and runs it to the same rows as an uninterrupted run of the same job on a copy of the database.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, expect, it } from "vitest";
import { getDb, getSqlite } from "~/db.server";
import { databasePath } from "~/env.server";
import { queueImport } from "~/modules/companies/import-job.server";
import { runImport } from "~/modules/companies/import.server";
import { getJob, queueJob } from "~/modules/jobs/jobs.server";
import { REBUILD_JOB } from "~/modules/matching/store.server";
import { syncMatches } from "~/modules/matching/sync.server";
import { generateCompanies } from "../../scripts/demo-data/companies";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-jobs-kill-"));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function startWorker(dbFile: string, fault?: { point: string; dir: string }) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: dbFile,
      SMTP_URL: "smtp://127.0.0.1:9",
      JOB_POLL_MS: "100",
      JOB_LEASE_SECONDS: "2",
      LOG_LEVEL: "warn",
      NODE_ENV: "test",
      ...(fault ? { BRIDGE_FAULT_POINT: fault.point, BRIDGE_FAULT_DIR: fault.dir } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** Waits for a condition; the limit only guards against a hang, it is not what the test measures. */
async function until(check: () => boolean, what: string, worker: { output: () => string }, limitMs = 240_000) {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; worker output: ${worker.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readJob(file: string, id: number) {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("select state, attempts, error from jobs where id = ?").get(id) as { state: string; attempts: number; error: string | null };
  } finally {
    db.close();
  }
}

/** The database at this moment, with the job queued in it and its upload beside it: where an uninterrupted run happens. */
function copyDatabase(name: string) {
  const copyDir = fs.mkdtempSync(path.join(dir, `${name}-`));
  const copy = path.join(copyDir, "copy.db");
  getSqlite().prepare("vacuum into ?").run(copy);
  const uploads = path.join(path.dirname(databasePath()), "uploads");
  if (fs.existsSync(uploads)) fs.cpSync(uploads, path.join(copyDir, "uploads"), { recursive: true });
  return copy;
}

/** A checksum of what a table holds, without the columns that record when (they differ between two runs). */
function tableDigest(file: string, sql: string) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare(sql).all() as Record<string, unknown>[];
    const hash = crypto.createHash("sha256");
    for (const row of rows) {
      const kept = Object.entries(row).filter(([k]) => !/(_at|At)$/.test(k) && k !== "id");
      hash.update(JSON.stringify(kept.map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString("hex") : v])));
    }
    return { rows: rows.length, sha: hash.digest("hex") };
  } finally {
    db.close();
  }
}

const companyRows = (file: string) => ({
  companies: tableDigest(file, "select * from companies order by external_id"),
  offers: tableDigest(file, "select c.external_id, o.capability from company_offers o join companies c on c.id = o.company_id order by 1, 2"),
  renamed: tableDigest(file, "select external_id from companies where name like '% (renamed)' order by 1").rows,
});
const matchRows = (file: string) =>
  tableDigest(file, "select company_id, entries, entry_count, complete, features, algorithm_version from match_lists order by company_id");

/** Runs the queued job with a worker on `file` held at `point`, kills it there, and returns what the kill left. */
async function killAtFaultPoint(file: string, point: string) {
  const faults = fs.mkdtempSync(path.join(dir, "faults-"));
  const worker = startWorker(file, { point, dir: faults });
  await until(() => fs.existsSync(path.join(faults, `${point}.reached`)), `the worker to reach ${point}`, worker);
  worker.child.kill("SIGKILL");
  expect((await worker.exited).signal).toBe("SIGKILL");
}

/** A worker without faults runs whatever is due in `file` until the job is done, then stops. */
async function runToDone(file: string, jobId: number) {
  const worker = startWorker(file);
  await until(() => readJob(file, jobId).state === "done", `job ${jobId} to be done`, worker);
  worker.child.kill("SIGTERM");
  expect((await worker.exited).code, worker.output()).toBe(0);
  return readJob(file, jobId);
}

it(
  "a worker killed inside an import job leaves nothing of it; the job is retaken and imports what an uninterrupted run imports",
  { timeout: 600_000 },
  async () => {
    const dbFile = databasePath();
    const before = generateCompanies({ count: 300, seed: 21, prefix: "before" });
    expect(runImport({ bytes: Buffer.from(JSON.stringify({ companies: before })), filename: "before.json", status: "approved" }).ok).toBe(true);
    const changed = before.slice(0, 100).map((c) => ({ ...c, name: `${c.name} (renamed)` }));
    const big = [...generateCompanies({ count: 3000, seed: 22, prefix: "big" }), ...changed];
    const queued = queueImport({ bytes: Buffer.from(JSON.stringify({ companies: big })), filename: "big.json", status: "approved", staffUserId: null });
    if (!queued.ok) throw new Error("the import was not queued");
    const reference = copyDatabase("import");
    const atStart = companyRows(dbFile);
    expect(atStart.companies.rows).toBe(300);

    // Uninterrupted, on the copy.
    expect(await runToDone(reference, queued.jobId)).toMatchObject({ state: "done", attempts: 1 });
    const expected = companyRows(reference);
    expect(expected.companies.rows).toBe(3300);
    expect(expected.renamed).toBe(100);

    await killAtFaultPoint(dbFile, "companies.import.before-commit");
    // Every row was written in the transaction, none committed: the companies are those before, to the byte.
    expect(companyRows(dbFile)).toEqual(atStart);
    expect(getJob({ id: queued.jobId })).toMatchObject({ state: "running", attempts: 1 });
    expect(getSqlite().pragma("integrity_check", { simple: true })).toBe("ok");

    // Retaken after its 2 s lease: attempt 2, and the same rows as the uninterrupted run.
    expect(await runToDone(dbFile, queued.jobId)).toMatchObject({ state: "done", attempts: 2, error: null });
    expect(companyRows(dbFile)).toEqual(expected);
    expect(getJob({ id: queued.jobId })?.result).toEqual({ ok: true, imported: 3100, created: 3000, updated: 100 });
  },
);

it(
  "a worker killed inside a rebuild job leaves the old lists whole; the job is retaken and gives the lists of an uninterrupted rebuild",
  { timeout: 600_000 },
  async () => {
    const dbFile = databasePath();
    await syncMatches();
    const old = matchRows(dbFile);
    expect(old.rows).toBeGreaterThan(3000);
    // New firms (queued for matching, not yet in any list) and a rebuild asked for.
    const more = generateCompanies({ count: 400, seed: 23, prefix: "more" });
    expect(runImport({ bytes: Buffer.from(JSON.stringify({ companies: more })), filename: "more.json", status: "approved" }).ok).toBe(true);
    const jobId = getDb().transaction((tx) => queueJob(tx, { kind: REBUILD_JOB, payload: { force: true } }));
    const reference = copyDatabase("rebuild");

    expect(await runToDone(reference, jobId)).toMatchObject({ state: "done", attempts: 1 });
    const expected = matchRows(reference);
    expect(expected.rows).toBeGreaterThan(old.rows);

    await killAtFaultPoint(dbFile, "matching.rebuild.before-commit");
    // Every list was deleted and written again in the transaction, then the process died: the old lists, whole.
    expect(matchRows(dbFile)).toEqual(old);
    expect(getJob({ id: jobId })).toMatchObject({ kind: REBUILD_JOB, state: "running", attempts: 1 });

    expect(await runToDone(dbFile, jobId)).toMatchObject({ state: "done", attempts: 2, error: null });
    expect(matchRows(dbFile)).toEqual(expected);
  },
);
