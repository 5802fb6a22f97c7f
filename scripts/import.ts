// npm run --silent import -- FILE [--status approved|pending]
// Imports companies from a .json or .csv file (docs/spec/import-and-cli.md) into the database
// named by DATABASE_URL, after applying migrations. Prints one summary line and exits 0; on any
// invalid input prints every problem to standard error and exits 1 having written nothing.
// The import is a companies.import job, run in this process (importHere): staff see it on the
// jobs page like an upload's, and a killed import is rolled back and its job failed, never re-run
// by someone else (docs/decisions/0007-jobs-table-runner.md).
import fs from "node:fs";
import { parseArgs } from "node:util";
import { closeDb } from "../app/db.server";
import { importHere } from "../app/modules/companies/import-job.server";
import { formatImportFileError, formatImportIssue, IMPORT_MAX_BYTES } from "../app/modules/companies/import.server";
import { getT } from "../app/modules/i18n/locales.server";
import { runMigrations } from "../db/migrate";

const USAGE = "usage: npm run --silent import -- FILE [--status approved|pending]";

function fail(message: string): never {
  console.error(message);
  closeDb();
  process.exit(1);
}

let parsed: ReturnType<typeof parseArgs<{ options: { status: { type: "string"; default: string } }; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: { status: { type: "string", default: "approved" } }, allowPositionals: true, strict: true });
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) fail(USAGE);
const status = values.status;
if (status !== "approved" && status !== "pending") fail(`--status must be approved or pending\n${USAGE}`);

const file = positionals[0];
let size: number;
try {
  size = fs.statSync(file).size;
} catch {
  fail(`cannot read ${file}`);
}
const t = getT("en");
// Checked before reading, so a huge file is refused without filling memory.
if (size > IMPORT_MAX_BYTES) fail(formatImportFileError({ key: "import.errors.tooLarge", params: { max: IMPORT_MAX_BYTES / 1024 / 1024 } }, t));

runMigrations();
// Ctrl-C (or a polite kill) stops the import: its transaction rolls back and its job is failed.
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort(new Error(`stopped at the command line (${signal})`)));
const ran = await importHere({ bytes: fs.readFileSync(file), filename: file, status, signal: stop.signal });
if ("error" in ran) fail(`${file}: nothing imported\n${ran.error}`);
const result = ran.result;
if (!result.ok) {
  const lines = result.fileError ? [formatImportFileError(result.fileError, t)] : result.issues.map((i) => formatImportIssue(i, t));
  fail(`${file}: nothing imported\n${lines.join("\n")}`);
}
console.log(`imported ${result.imported} companies: ${result.created} created, ${result.updated} updated`);
closeDb();
