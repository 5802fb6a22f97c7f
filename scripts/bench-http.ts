// npm run --silent bench:http [-- --companies N --seconds S --connections C --rounds R]
// Seeds N synthetic firms (default 10,000) with their match lists in a fresh database, starts the
// production server (server.ts over build/, built first if missing), signs a member in, and loads
// four paths of the same app with autocannon, one after the other, C connections for S seconds
// each: the floor (/healthz, a resource route that does nothing, through the same middleware and
// Remix handler as every page), the bare page (the landing page: a static template inside the
// same layout, session lookup and headers as every page), the signed-in matches page, and the
// directory with a filter. It does so R times (5 by default): on a shared machine a neighbour's burst can fall
// on one page's ten seconds and not the next's, so each round's ratios are taken within the
// round and the median round's are reported, next to every round's figures. Prints one JSON
// line: req/s and p99 latency of each page (over all rounds), the ratios to the bare page, and
// the bare and matches pages' ratios to the floor.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startProductionServer } from "./production-server";

const { values } = parseArgs({
  options: {
    companies: { type: "string", default: "10000" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    rounds: { type: "string", default: "5" },
  },
});
const count = Number(values.companies);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
if (![count, seconds, connections, rounds].every((n) => Number.isInteger(n) && n > 0) || count < 2) {
  console.error("usage: npm run --silent bench:http -- [--companies N] [--seconds S] [--connections C] [--rounds R]");
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-bench-http-"));
process.env.DATABASE_URL = path.join(dir, "bench.db");
process.env.MAIL_DIR = path.join(dir, "mail");
process.env.LOG_LEVEL = "silent";

const { closeDb, getDb } = await import("../app/db.server");
const { runMigrations } = await import("../db/migrate");
const { insertCompany, writeSearch } = await import("../app/modules/companies/listing.server");
const { syntheticProfile, asCompanyProfile } = await import("../app/modules/matching/synthetic");
const { syncMatches } = await import("../app/modules/matching/sync.server");
const { createUser } = await import("../app/modules/auth/users.server");
const { createUserSession } = await import("../app/modules/auth/session.server");
const { companyMembers, users } = await import("../db/schema");
const { eq } = await import("drizzle-orm");

runMigrations();
const ids: number[] = [];
getDb().transaction(() => {
  const later: Parameters<typeof writeSearch>[0] = [];
  for (let i = 0; i < count; i++)
    ids.push(insertCompany({ externalId: `bench-${i + 1}`, status: "approved", profile: asCompanyProfile(syntheticProfile(i, 1), i), published: true }, later));
  writeSearch(later);
});
await syncMatches({ rebuild: true });
const created = await createUser({ email: "bench@firm.test", name: "Bench Member", password: "bench-member-password-2026", locale: "en" });
if (!created.ok) throw new Error(created.reason);
getDb().update(users).set({ emailVerifiedAt: 1 }).where(eq(users.id, created.user.id)).run();
// A Chinese firm (even numbers are Chinese): its matches are ASEAN firms.
getDb().insert(companyMembers).values({ userId: created.user.id, companyId: ids[0], role: "owner" }).run();
const { cookie } = await createUserSession({ userId: created.user.id });
closeDb();

const server = await startProductionServer(() => ({ INTRO_UPKEEP_MS: "3600000" }));

type Load = { reqPerSec: number; p99Ms: number; requests: number };

async function load(url: string): Promise<Load> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { cookie: cookie.split(";")[0], "accept-language": "en" } });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { reqPerSec: Math.round(result.requests.average), p99Ms: result.latency.p99, requests: result.requests.total };
}

const PAGES = { floor: "/healthz", bare: "/", matches: "/matches", directory: "/companies?country=ID&sector=cloud" } as const;
type Page = keyof typeof PAGES;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const twoPlaces = (x: number) => Math.round(x * 100) / 100;

try {
  const base = server.url;
  // A short warm-up of each page (JIT, caches), not measured.
  for (const p of Object.values(PAGES)) await autocannon({ url: base + p, connections: 4, amount: 200, headers: { cookie: cookie.split(";")[0] } });
  const measured: Record<Page, Load>[] = [];
  for (let r = 0; r < rounds; r++) {
    const round = {} as Record<Page, Load>;
    for (const page of Object.keys(PAGES) as Page[]) round[page] = await load(base + PAGES[page]);
    measured.push(round);
  }
  // Each page over all rounds: requests per second of its whole loaded time, and the worst p99.
  const overall = (page: Page) => {
    const requests = measured.reduce((n, r) => n + r[page].requests, 0);
    return { reqPerSec: Math.round(requests / (seconds * rounds)), p99Ms: Math.max(...measured.map((r) => r[page].p99Ms)), requests };
  };
  const ratios = measured.map((r) => ({
    matchesToBare: twoPlaces(r.matches.reqPerSec / r.bare.reqPerSec),
    directoryToBare: twoPlaces(r.directory.reqPerSec / r.bare.reqPerSec),
    bareToFloor: twoPlaces(r.bare.reqPerSec / r.floor.reqPerSec),
    matchesToFloor: twoPlaces(r.matches.reqPerSec / r.floor.reqPerSec),
  }));
  console.log(
    JSON.stringify({
      companies: count,
      connections,
      seconds,
      rounds,
      floor: overall("floor"),
      bare: overall("bare"),
      matches: overall("matches"),
      directory: overall("directory"),
      matchesToBare: median(ratios.map((r) => r.matchesToBare)),
      directoryToBare: median(ratios.map((r) => r.directoryToBare)),
      bareToFloor: median(ratios.map((r) => r.bareToFloor)),
      matchesToFloor: median(ratios.map((r) => r.matchesToFloor)),
      perRound: measured.map((r, i) => ({
        floor: r.floor.reqPerSec,
        bare: r.bare.reqPerSec,
        matches: r.matches.reqPerSec,
        directory: r.directory.reqPerSec,
        ...ratios[i],
      })),
    }),
  );
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
