// kill -9 in the middle of a large command-line import (`npm run --silent import -- FILE`) into a
// database that already holds companies: afterwards the file is sound, the companies are exactly
// those before or exactly those after (the import is one transaction), and the same import then
// runs to the end. The command line runs its import as a job (scripts/import.ts): the killed one
// is on the jobs page, and after its lease a runner fails it rather than importing it again.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { getSqlite } from "~/db.server";
import { databasePath } from "~/env.server";
import { IMPORT_JOB } from "~/modules/companies/import-job.server";
import { runImport } from "~/modules/companies/import.server";
import { ABANDONED_ERROR, claimJob, getJob, listJobs } from "~/modules/jobs/jobs.server";
import { generateCompanies } from "../../scripts/demo-data/companies";

const BIG = 20_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-import-kill-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Snapshot = { count: number; checksum: string };

/** What the companies table holds, read through a connection of its own (as after a restart). */
function inspect(file: string) {
  const db = new Database(file);
  try {
    const ids = db.prepare("select coalesce(external_id, 'id:' || id) from companies order by 1").pluck().all() as string[];
    const renamed = db.prepare("select count(*) from companies where name like '% (renamed)'").pluck().get() as number;
    const integrity = db.pragma("integrity_check", { simple: true });
    // The directory's full-text index is a table of its own: it must agree with itself too.
    db.prepare("insert into company_search (company_search) values ('integrity-check')").run();
    return { snapshot: snapshotOf(ids), renamed, integrity };
  } finally {
    db.close();
  }
}

function snapshotOf(ids: Iterable<string>): Snapshot {
  const sorted = [...new Set(ids)].sort();
  return { count: sorted.length, checksum: crypto.createHash("sha256").update(sorted.join("\n")).digest("hex") };
}

function runCli(file: string) {
  // Its own process group, so kill -9 reaches npm and the node process it started alike.
  const child = spawn("npm", ["run", "--silent", "import", "--", file], {
    env: { ...process.env, DATABASE_URL: databasePath(), LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited, stdout: () => stdout };
}

it(`kill -9 while importing ${BIG} companies: all or nothing, and the import runs again`, { timeout: 120_000 }, async () => {
  const dbFile = databasePath();
  const before = generateCompanies({ count: 300, seed: 11, prefix: "before" });
  const first = runImport({ bytes: Buffer.from(JSON.stringify({ companies: before })), filename: "before.json", status: "approved" });
  expect(first.ok).toBe(true);

  // The big file: new companies, plus changes to a hundred that exist (an update must roll back too).
  const changed = before.slice(0, 100).map((c) => ({ ...c, name: `${c.name} (renamed)` }));
  const big = [...generateCompanies({ count: BIG, seed: 12, prefix: "big" }), ...changed];
  const file = path.join(dir, "big.json");
  fs.writeFileSync(file, JSON.stringify({ companies: big }));

  const atStart = inspect(dbFile);
  expect(atStart.integrity).toBe("ok");
  expect(atStart.snapshot.count).toBe(300);
  const expectedAfter = snapshotOf([...before, ...big].map((c) => c.externalId));

  // An empty WAL, so the import's own pages are what makes it grow.
  getSqlite().pragma("wal_checkpoint(TRUNCATE)");
  const wal = `${dbFile}-wal`;
  const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);

  const cli = runCli(file);
  const started = Date.now();
  // The file is read and checked before anything is written; 2 MB of WAL means the transaction
  // is well under way (the whole import writes about 40 MB) and has not committed.
  while (walSize() < 2 * 1024 * 1024) {
    if (cli.child.exitCode !== null || cli.child.signalCode !== null) {
      const r = await cli.exited;
      throw new Error(`the import ended before it was killed (${r.code}): ${r.stdout} ${r.stderr}`);
    }
    if (Date.now() - started > 90_000) throw new Error("the import never started writing");
    await new Promise((r) => setTimeout(r, 20));
  }
  const walAtKill = walSize();
  process.kill(-cli.child.pid!, "SIGKILL");
  const killed = await cli.exited;
  // npm waits for the import it started, so npm dying of the signal means both were alive.
  expect(killed.signal).toBe("SIGKILL");
  expect(killed.stdout).not.toContain("imported");

  const afterKill = inspect(dbFile);
  expect(afterKill.integrity).toBe("ok");
  const rolledBack = afterKill.snapshot.checksum === atStart.snapshot.checksum;
  const committed = afterKill.snapshot.checksum === expectedAfter.checksum;
  expect(rolledBack || committed, `${afterKill.snapshot.count} companies after the kill`).toBe(true);
  // Updates went the same way as inserts: none of the hundred renamed, or all of them.
  expect(afterKill.renamed).toBe(rolledBack ? 0 : 100);
  console.log(
    `import killed after ${Date.now() - started} ms with ${(walAtKill / 1024 / 1024).toFixed(1)} MB of WAL: ${rolledBack ? "rolled back" : "had committed"}`,
  );

  // The killed import is a job, still "running" under the dead process's lease; a runner that finds
  // the lease over fails it (it may run once), and does not import the file behind anyone's back.
  const killedJob = listJobs({ kind: IMPORT_JOB })[0];
  expect(killedJob).toMatchObject({ state: "running", maxAttempts: 1, result: null });
  expect(claimJob({ owner: "a-runner", kinds: [IMPORT_JOB], leaseSeconds: 60, now: killedJob.leaseUntil! + 1 })).toBeNull();
  expect(getJob({ id: killedJob.id })).toMatchObject({ state: "failed", error: ABANDONED_ERROR });

  const again = await runCli(file).exited;
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout.trim()).toBe(
    rolledBack ? `imported ${BIG + 100} companies: ${BIG} created, 100 updated` : `imported ${BIG + 100} companies: 0 created, ${BIG + 100} updated`,
  );
  const end = inspect(dbFile);
  expect(end.integrity).toBe("ok");
  expect(end.snapshot).toEqual(expectedAfter);
  expect(end.renamed).toBe(100);
  expect(listJobs({ kind: IMPORT_JOB })[0]).toMatchObject({ state: "done", result: { ok: true, imported: BIG + 100 } });
});
