// npm run --silent bench:import -- --companies N
// Generates N synthetic companies as an import file, imports it into a fresh database through the
// same code as `npm run import` (read, check every row, write in one transaction), then times 20
// varied directory queries on the result. Prints one JSON line:
// {"companies":N,"importMs":…,"peakRssMb":…,"directoryQueryMs":…} (the query time is the median).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { companies: { type: "string", default: "1000" }, keep: { type: "boolean", default: false } } });
const count = Number(values.companies);
if (!Number.isInteger(count) || count < 1) {
  console.error("usage: npm run --silent bench:import -- --companies N");
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-bench-"));
process.env.DATABASE_URL = path.join(dir, "bench.db");
process.env.LOG_LEVEL = "silent";

const { iterateCompanies } = await import("./demo-data/companies");
const { runMigrations } = await import("../db/migrate");
const { closeDb } = await import("../app/db.server");
const { runImport } = await import("../app/modules/companies/import.server");
const { listDirectory } = await import("../app/modules/companies/directory.server");

// The file is written a row at a time, so generating it costs no memory to speak of.
const file = path.join(dir, "companies.json");
const fd = fs.openSync(file, "w");
fs.writeSync(fd, '{"companies":[\n');
let first = true;
for (const company of iterateCompanies({ count, seed: 42, prefix: "bench" })) {
  fs.writeSync(fd, `${first ? "" : ",\n"}${JSON.stringify(company)}`);
  first = false;
}
fs.writeSync(fd, "\n]}\n");
fs.closeSync(fd);

runMigrations();
const started = performance.now();
const result = runImport({ bytes: fs.readFileSync(file), filename: file, status: "approved" });
const importMs = Math.round(performance.now() - started);
if (!result.ok) {
  console.error("the generated file did not import:", JSON.stringify(result).slice(0, 2000));
  process.exit(1);
}

// Twenty queries as people use the directory: filters alone and combined, names in several
// scripts (Vietnamese without its diacritics), words of the description, later pages.
const queries = [
  { country: "CN" },
  { sector: "ai" },
  { offers: "cloud.iaas" },
  { needs: "role.distribution" },
  { partnershipType: "joint_venture" },
  { country: "VN", sector: "ecommerce" },
  { country: "TH", offers: "role.distribution", page: 2 },
  { sector: "cloud", needs: "role.market_access", partnershipType: "distribution" },
  { country: "ID", sector: "smart_city", offers: "role.integration" },
  { q: "蓝云" },
  { q: "智能科技" },
  { q: "สยาม" },
  { q: "cong nghe so" },
  { q: "Thương mại" },
  { q: "logistics", country: "SG" },
  { q: "cloud migration", sector: "cloud" },
  { q: "nusantara", page: 3 },
  { needs: "cloud.iaas", country: "MY" },
  { page: 50 },
  { country: "KH", q: "អង្គរ" },
] as const;
const times: number[] = [];
for (const q of queries) {
  const t = performance.now();
  listDirectory(q);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = (times[9] + times[10]) / 2;

closeDb();
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ companies: count, importMs, peakRssMb, directoryQueryMs: Math.round(median * 100) / 100 }));
if (values.keep) console.error(`kept ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
