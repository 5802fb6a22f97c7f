// The web import as a job on a real SQLite file: the upload kept, checked and written on a worker
// thread, "done" committed with the rows, every bad row kept as the result, a lost lease writing nothing.
import fs from "node:fs";
import path from "node:path";
import { beforeEach, expect, it } from "vitest";
import { companies, jobs } from "../../../db/schema";
import { getDb } from "~/db.server";
import { claimJob, getJob } from "~/modules/jobs/jobs.server";
import { runDueJobs } from "~/modules/jobs/runner.server";
import { makeUser } from "../../../tests/factories";
import { getImportJob, IMPORT_JOB, importJobHandler, importTask, queueImport, uploadDir } from "./import-job.server";

const sample = fs.readFileSync(path.join(process.cwd(), "docs/spec/sample-import.json"));
const externalIds = () =>
  getDb()
    .select({ id: companies.externalId })
    .from(companies)
    .all()
    .map((r) => r.id)
    .sort();

beforeEach(() => {
  getDb().delete(jobs).run();
  getDb().delete(companies).run();
});

it("queues the upload, imports it off the main thread, and keeps today's result as the job's", async () => {
  const staff = await makeUser({ role: "staff" });
  const queued = queueImport({ bytes: sample, filename: "C:\\Users\\staff\\firms.json", status: "approved", staffUserId: staff.id });
  if (!queued.ok) throw new Error("not queued");
  expect(getImportJob({ id: queued.jobId })).toMatchObject({ filename: "firms.json", state: "queued", result: null, createdBy: staff.id });
  expect(fs.readdirSync(uploadDir())).toHaveLength(1);
  expect(externalIds()).toEqual([]);

  expect(await runDueJobs({ handlers: { [IMPORT_JOB]: importJobHandler } })).toBe(1);
  const view = getImportJob({ id: queued.jobId })!;
  expect(view).toMatchObject({ state: "done", result: { ok: true, imported: 3, created: 3, updated: 0 }, progress: { done: 3, total: 3 } });
  expect(externalIds()).toHaveLength(3);
  // The upload is gone once imported.
  expect(fs.readdirSync(uploadDir())).toHaveLength(0);
});

it("a file with bad rows is a finished job whose result lists every bad row; nothing is written", async () => {
  const doc = JSON.parse(sample.toString("utf8"));
  doc.companies[0].country = "XX";
  doc.companies[2].offers = ["cloud.nope"];
  const queued = queueImport({ bytes: Buffer.from(JSON.stringify(doc)), filename: "bad.json", status: "approved", staffUserId: null });
  if (!queued.ok) throw new Error("not queued");
  await runDueJobs({ handlers: { [IMPORT_JOB]: importJobHandler } });
  const view = getImportJob({ id: queued.jobId })!;
  expect(view.state).toBe("done");
  expect(view.result).toMatchObject({ ok: false, fileError: null });
  expect(view.result!.ok === false && view.result!.issues.map((i) => [i.row, i.field])).toEqual([
    [0, "country"],
    [2, "offers"],
  ]);
  expect(externalIds()).toEqual([]);
});

it("an unknown format is refused before anything is queued", () => {
  const r = queueImport({ bytes: sample, filename: "firms.xlsx", status: "approved", staffUserId: null });
  expect(r).toEqual({ ok: false, result: { ok: false, fileError: { key: "import.errors.format", params: {} }, issues: [] } });
  expect(getDb().select().from(jobs).all()).toEqual([]);
});

it("a runner that lost its lease writes nothing: the rows and 'done' commit together or not at all", () => {
  const queued = queueImport({ bytes: sample, filename: "firms.json", status: "approved", staffUserId: null });
  if (!queued.ok) throw new Error("not queued");
  const job = claimJob({ owner: "runner-b", kinds: [IMPORT_JOB], leaseSeconds: 60 })!;
  expect(() => importTask({ jobId: job.id, owner: "runner-a", payload: job.payload as never, dir: uploadDir() }, { progress: () => {} })).toThrow(
    /no longer this runner's/,
  );
  expect(externalIds()).toEqual([]);
  expect(getJob({ id: job.id })).toMatchObject({ state: "running", leaseOwner: "runner-b" });
});

it("a job whose upload is gone fails at once with a message staff can read", async () => {
  const queued = queueImport({ bytes: sample, filename: "firms.json", status: "approved", staffUserId: null });
  if (!queued.ok) throw new Error("not queued");
  for (const f of fs.readdirSync(uploadDir())) fs.rmSync(path.join(uploadDir(), f));
  await runDueJobs({ handlers: { [IMPORT_JOB]: importJobHandler } });
  expect(getImportJob({ id: queued.jobId })).toMatchObject({ state: "failed", error: "the uploaded file is gone" });
});
