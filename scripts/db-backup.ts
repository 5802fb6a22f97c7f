// npm run --silent db:backup -- FILE: a consistent copy of the database while the app runs.
// VACUUM INTO writes the copy from one read transaction: in WAL mode writers carry on meanwhile,
// the copy is the database as of one moment, and unlike the page-by-page backup API it never
// restarts when someone writes. It is written beside FILE, checked with
// PRAGMA integrity_check, and only then renamed to FILE: FILE is a good backup or is not there.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databasePath } from "../app/env.server";

const target = process.argv[2];
if (!target || process.argv.length > 3) {
  console.error("usage: npm run --silent db:backup -- FILE");
  process.exit(2);
}
const source = databasePath();
if (!fs.existsSync(source)) {
  console.error(`db:backup: no database at ${source} (set DATABASE_URL)`);
  process.exit(1);
}
if (path.resolve(target) === path.resolve(source)) {
  console.error("db:backup: FILE must not be the database itself");
  process.exit(2);
}

const started = Date.now();
const partial = `${target}.partial`;
fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
fs.rmSync(partial, { force: true });
const db = new Database(source, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
try {
  db.prepare("VACUUM INTO ?").run(partial);
} catch (err) {
  fs.rmSync(partial, { force: true });
  console.error(`db:backup: copy failed: ${(err as Error).message}`);
  process.exit(1);
} finally {
  db.close();
}

const copy = new Database(partial);
const integrity = copy.pragma("integrity_check", { simple: true });
// A backup is one self-contained file, whatever journal mode the live database uses.
copy.pragma("journal_mode = DELETE");
const tables = copy.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%search%'").all() as {
  name: string;
}[];
const rows = Object.fromEntries(tables.map(({ name }) => [name, (copy.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
copy.close();
if (integrity !== "ok") {
  fs.rmSync(partial, { force: true });
  console.error(`db:backup: the copy failed its integrity check (${integrity}); nothing written`);
  process.exit(1);
}
fs.renameSync(partial, target);
console.log(
  JSON.stringify({
    backup: target,
    source,
    bytes: fs.statSync(target).size,
    integrity,
    ms: Date.now() - started,
    companies: rows.companies ?? 0,
    users: rows.users ?? 0,
    introductions: rows.introductions ?? 0,
  }),
);
