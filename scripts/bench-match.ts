// npm run --silent bench:match -- --companies N [--keep]
// Generates N synthetic approved companies (half Chinese, half ASEAN) in a fresh database, rebuilds
// every stored match list, then changes 200 random profiles one by one, timing each update (the
// sync that recomputes that company's list and every list it enters or leaves, and writes them).
// Checks that the indexed engine's stored top 10 equals a brute-force all-pairs scan for every
// company of a 5,000-company database (this one when N = 5,000, else a second fresh one), after
// its rebuild and its 200 updates. Prints one JSON line:
// {"companies":N,"rebuildMs":…,"updateP50Ms":…,"updateP95Ms":…,"peakRssMb":…,"exact":true|false}
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { companies: { type: "string", default: "1000" }, keep: { type: "boolean", default: false } } });
const count = Number(values.companies);
if (!Number.isInteger(count) || count < 2) {
  console.error("usage: npm run --silent bench:match -- --companies N");
  process.exit(1);
}
process.env.LOG_LEVEL = "silent";
process.env.MAIL_DIR = path.join(os.tmpdir(), "bridge-bench-match-mail");

const { closeDb, getDb, getSqlite } = await import("../app/db.server");
const { resetEnv } = await import("../app/env.server");
const { runMigrations } = await import("../db/migrate");
const { getListing, insertCompany, writeListing, writeSearch } = await import("../app/modules/companies/listing.server");
const { syntheticProfile, random, asCompanyProfile: asProfile } = await import("../app/modules/matching/synthetic");
const { syncMatches, loadProfiles, resetMatchingCache } = await import("../app/modules/matching/sync.server");
const { getStoredList } = await import("../app/modules/matching/store.server");
const { listExcludedPairs } = await import("../app/modules/matching/exclusions.server");
const { MatchEngine } = await import("../app/modules/matching/engine");
const { toFeatures } = await import("../app/modules/matching/features");

const UPDATES = 200;
const EXACT_AT = 5000;

function freshDatabase(n: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-bench-match-"));
  closeDb();
  resetMatchingCache();
  process.env.DATABASE_URL = path.join(dir, "bench.db");
  resetEnv();
  runMigrations();
  const ids: number[] = [];
  getDb().transaction(() => {
    const later: Parameters<typeof writeSearch>[0] = [];
    for (let i = 0; i < n; i++) {
      ids.push(insertCompany({ externalId: `bench-${i + 1}`, status: "approved", profile: asProfile(syntheticProfile(i, 1), i), published: true }, later));
    }
    writeSearch(later);
  });
  return { dir, ids };
}

/** 200 profile changes one by one, each followed by the sync that brings every list up to date. */
async function updates(ids: number[]) {
  const r = random(20260);
  const times: number[] = [];
  for (let k = 0; k < UPDATES; k++) {
    const id = ids[r.int(ids.length)];
    const listing = getListing(getDb(), { companyId: id })!;
    const next = syntheticProfile(r.int(1e9), 2);
    // Same country (the firm does not move), new capabilities, markets, partnership types and text.
    const changed = asProfile({ ...next, country: listing.country }, id);
    getDb().transaction(() => writeListing(id, { ...listing, ...changed, name: listing.name }));
    const started = performance.now();
    const result = await syncMatches();
    times.push(performance.now() - started);
    if (result.mode !== "incremental") throw new Error(`update ${k} ran a ${result.mode}`);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Every company's stored top 10 against a brute-force scan of all pairs. */
function exactTop10(): boolean {
  const profiles = loadProfiles(getSqlite());
  const reference = new MatchEngine({ aseanPairs: false });
  for (const p of profiles.values()) reference.load(toFeatures(p));
  for (const [a, b] of listExcludedPairs(getDb())) reference.exclude(a, b);
  for (const id of profiles.keys()) {
    const stored = getStoredList({ companyId: id });
    const got = (stored?.entries ?? []).slice(0, 10);
    const want = reference.bruteForce(id, 10);
    if (got.length !== want.ids.length) return false;
    for (let i = 0; i < got.length; i++) if (got[i].partnerId !== want.ids[i] || got[i].scoreTenths !== want.scores[i]) return false;
  }
  return true;
}

const dirs: string[] = [];
const main = freshDatabase(count);
dirs.push(main.dir);
const rebuildStarted = performance.now();
await syncMatches({ rebuild: true });
const rebuildMs = Math.round(performance.now() - rebuildStarted);
let exact = count === EXACT_AT ? exactTop10() : true;
const update = await updates(main.ids);
if (count === EXACT_AT) exact = exact && exactTop10();
else {
  const check = freshDatabase(EXACT_AT);
  dirs.push(check.dir);
  await syncMatches({ rebuild: true });
  exact = exactTop10();
  await updates(check.ids);
  exact = exact && exactTop10();
}
closeDb();

const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ companies: count, rebuildMs, updateP50Ms: update.p50, updateP95Ms: update.p95, peakRssMb, exact }));
if (values.keep) console.error(`kept ${dirs.join(" ")}`);
else for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
