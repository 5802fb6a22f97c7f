// The web import as a job: the upload is kept beside the database and a job queued; the job's
// handler reads, checks and writes the file on a worker thread (its own database connection), so
// the thread that serves pages never parses 100,000 rows. The write and "done" commit in one
// transaction: a restart re-runs the job from the start, never half of it.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getDb } from "~/db.server";
import { faultPoint } from "~/fault-points.server";
import { databasePath } from "~/env.server";
import { completeJob, getJob, queueJob, type JobRow } from "~/modules/jobs/jobs.server";
import { PermanentJobError, runJobHere, type JobHandler } from "~/modules/jobs/runner.server";
import { runInThread, type ThreadTaskContext } from "~/modules/jobs/threads.server";
import { checkImportFile, formatFromFilename, importCompanies, readImportForm, type ImportResult, type ImportStatus } from "./import.server";

export const IMPORT_JOB = "companies.import";

type ImportJobPayload = { file: string; filename: string; status: ImportStatus; staffUserId: string | null };

/** Where uploads wait for their job: a folder beside the database. */
export function uploadDir() {
  return path.join(path.dirname(path.resolve(databasePath())), "uploads");
}

/** Keeps a file beside the database for its job; the name it is kept under. */
function keepUpload(bytes: Uint8Array, format: "csv" | "json"): string {
  fs.mkdirSync(uploadDir(), { recursive: true });
  const file = `${randomUUID()}.${format}`;
  fs.writeFileSync(path.join(uploadDir(), file), bytes, { mode: 0o600 });
  return file;
}

const unknownFormat: ImportResult = { ok: false, fileError: { key: "import.errors.format", params: {} }, issues: [] };

/**
 * Keeps the upload and queues its import. A file of an unknown format is refused here (nothing is
 * queued); everything else is checked by the job, which reports every bad row as today's page did.
 */
export function queueImport(input: {
  bytes: Uint8Array;
  filename: string;
  status: ImportStatus;
  staffUserId: string | null;
}): { ok: true; jobId: number } | { ok: false; result: ImportResult } {
  const filename = input.filename.split(/[\\/]/).pop() ?? "";
  const format = formatFromFilename(filename);
  if (!format) return { ok: false, result: unknownFormat };
  const file = keepUpload(input.bytes, format);
  try {
    const payload: ImportJobPayload = { file, filename, status: input.status, staffUserId: input.staffUserId };
    // Each attempt starts the whole file again; a file that cannot be imported is a result, not a retry.
    const jobId = getDb().transaction((tx) => queueJob(tx, { kind: IMPORT_JOB, payload, maxAttempts: 3, createdBy: input.staffUserId }));
    return { ok: true, jobId };
  } catch (err) {
    fs.rmSync(path.join(uploadDir(), file), { force: true });
    throw err;
  }
}

/**
 * The command-line import: the same job as an upload's, queued as this process's own and run
 * here at once, so the person at the terminal gets its result (and its exit code). When this
 * process dies the job is failed, not re-run by a server or worker (runJobHere): nothing of it
 * was written, and staff may retry it from the jobs page. The signal stops it (Ctrl-C).
 */
export async function importHere(input: {
  bytes: Uint8Array;
  filename: string;
  status: ImportStatus;
  signal?: AbortSignal;
}): Promise<{ jobId: number; result: ImportResult } | { jobId: number; error: string }> {
  const filename = input.filename.split(/[\\/]/).pop() ?? "";
  const format = formatFromFilename(filename);
  if (!format) return { jobId: 0, result: unknownFormat };
  const file = keepUpload(input.bytes, format);
  const payload: ImportJobPayload = { file, filename, status: input.status, staffUserId: null };
  const job = await runJobHere({ kind: IMPORT_JOB, payload, handler: importJobHandler, signal: input.signal });
  if (job.state === "done") return { jobId: job.id, result: job.result as ImportResult };
  return { jobId: job.id, error: job.error ?? `job ${job.id} ended ${job.state}` };
}

/** The admin upload: the form read as the page sends it, then the file kept and its import queued. */
export async function queueImportFromForm(
  form: FormData,
  { staffUserId }: { staffUserId: string },
): Promise<{ ok: true; jobId: number } | { ok: false; result: ImportResult }> {
  const read = await readImportForm(form);
  if (!read.ok) return read;
  return queueImport({ bytes: read.bytes, filename: read.filename, status: read.status, staffUserId });
}

/** An import job as its page shows it: the file, where it is, and at the end the same result today's page showed. */
export type ImportJobView = {
  id: number;
  filename: string;
  state: JobRow["state"];
  progress: JobRow["progress"];
  result: ImportResult | null;
  error: string | null;
  createdBy: string | null;
  createdAt: number;
};

export function getImportJob({ id }: { id: number }): ImportJobView | null {
  const job = getJob({ id });
  if (!job || job.kind !== IMPORT_JOB) return null;
  const payload = job.payload as ImportJobPayload;
  return {
    id: job.id,
    filename: payload.filename,
    state: job.state,
    progress: job.progress,
    result: (job.result as ImportResult | null) ?? null,
    error: job.error,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
  };
}

type TaskInput = { jobId: number; owner: string; payload: ImportJobPayload; dir: string };

/** On the worker thread: read, check (reporting progress), and write with "done" in one transaction. */
export function importTask({ jobId, owner, payload, dir }: TaskInput, ctx: ThreadTaskContext): ImportResult {
  const bytes = fs.readFileSync(path.join(dir, payload.file));
  ctx.progress(0, null);
  const checked = checkImportFile({ bytes, filename: payload.filename });
  let result: ImportResult;
  if (!checked.ok) {
    result = { ok: false, fileError: checked.fileError, issues: checked.issues };
    if (!completeJob(getDb(), { id: jobId, owner, result })) throw new Error(`job ${jobId} is no longer this runner's`);
    return result;
  }
  ctx.progress(0, checked.rows.length);
  const written = getDb().transaction((tx) => {
    const counts = importCompanies({ rows: checked.rows, status: payload.status, staffUserId: payload.staffUserId, filename: payload.filename, db: tx });
    const r: ImportResult = { ok: true, imported: counts.created + counts.updated, ...counts };
    const all = checked.rows.length;
    faultPoint("companies.import.before-commit");
    if (!completeJob(tx, { id: jobId, owner, result: r, progress: { done: all, total: all } })) throw new Error(`job ${jobId} is no longer this runner's`);
    return r;
  });
  return written;
}

/** The runner's handler for import jobs (the shells register it under IMPORT_JOB). */
export const importJobHandler: JobHandler = async (job, ctx) => {
  const payload = job.payload as Partial<ImportJobPayload>;
  if (typeof payload?.file !== "string" || !/^[0-9a-f-]{36}\.(csv|json)$/.test(payload.file)) throw new PermanentJobError("the job names no upload");
  const dir = uploadDir();
  if (!fs.existsSync(path.join(dir, payload.file))) throw new PermanentJobError("the uploaded file is gone");
  const owner = job.leaseOwner!;
  const checkedPayload = payload as ImportJobPayload;
  const result = await runInThread<ImportResult>({
    entry: import.meta.url,
    name: "importTask",
    input: { jobId: job.id, owner, payload: checkedPayload, dir } satisfies TaskInput,
    onProgress: ctx.progress,
    signal: ctx.signal,
  });
  fs.rmSync(path.join(dir, checkedPayload.file), { force: true });
  return result;
};
