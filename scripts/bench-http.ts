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
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { seedBenchDatabase } from "./bench-seed";
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

const seeded = await seedBenchDatabase({ label: "http", companies: count });
const cookie = seeded.memberCookie;

const server = await startProductionServer(() => ({ INTRO_UPKEEP_MS: "3600000" }));

type Load = { reqPerSec: number; p99Ms: number; requests: number };

async function load(url: string): Promise<Load> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { cookie, "accept-language": "en" } });
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
  for (const p of Object.values(PAGES)) await autocannon({ url: base + p, connections: 4, amount: 200, headers: { cookie } });
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
  seeded.remove();
}
