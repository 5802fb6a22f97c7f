// npm run --silent bench:responsive [-- --companies N --import M --seconds S --connections C]
// Whether pages stay quick while heavy work runs. N synthetic firms (default 10,000) with their
// match lists, the production server, and C probes (default 4), each requesting GET / and the
// signed-in /matches one after the other and timing every answer, in three phases: idle for S
// seconds (default 10); while a staff member uploads an M-firm file (default 100,000) through the
// web route and the import job runs to its end; and while a full match rebuild, asked for on the
// staff page, runs to its end (then for at least S seconds each). Prints one JSON line: p50, p99
// and max of each phase (both pages together, and each), and the ratios importP99ToIdle and
// rebuildP99ToIdle. Compare the ratios: the machine is shared.
import { parseArgs } from "node:util";
import { seedBenchDatabase } from "./bench-seed";
import { startProductionServer } from "./production-server";

const { values } = parseArgs({
  options: {
    companies: { type: "string", default: "10000" },
    import: { type: "string", default: "100000" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "4" },
  },
});
const count = Number(values.companies);
const importCount = Number(values.import);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (![count, importCount, seconds, connections].every((n) => Number.isInteger(n) && n > 0) || count < 2) {
  console.error("usage: npm run --silent bench:responsive -- [--companies N] [--import M] [--seconds S] [--connections C]");
  process.exit(1);
}

const seeded = await seedBenchDatabase({ label: "responsive", companies: count, staff: true });
// The file is made before the server starts, so that making it is not measured.
const { generateCompanies } = await import("./demo-data/companies");
const file = new TextEncoder().encode(JSON.stringify({ companies: generateCompanies({ count: importCount, seed: 7, prefix: "resp" }) }));
const { getDb, closeDb } = await import("../app/db.server");
const { getMatchingStatus } = await import("../app/modules/matching/store.server");
const { jobs } = await import("../db/schema");
const { eq } = await import("drizzle-orm");

const server = await startProductionServer(() => ({ INTRO_UPKEEP_MS: "3600000", LOGIN_ADDRESS_LIMIT: "100000" }));
const PAGES = ["/", "/matches"] as const;
type Samples = Record<(typeof PAGES)[number], number[]>;

/** Probes until `until` resolves and at least `minMs` have passed; every answer must be a 200. */
async function probe(until: Promise<unknown>, minMs: number): Promise<Samples> {
  const samples: Samples = { "/": [], "/matches": [] };
  let finished = false;
  const started = Date.now();
  void until.finally(() => (finished = true));
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = c; !finished || Date.now() - started < minMs; i++) {
        const page = PAGES[i % PAGES.length];
        const t0 = performance.now();
        const res = await fetch(server.url + page, { headers: { cookie: seeded.memberCookie, "accept-language": "en" } });
        await res.arrayBuffer();
        samples[page].push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${page}: ${res.status}`);
      }
    }),
  );
  await until;
  return samples;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10 : 0;
};
const summary = (xs: number[]) => ({ requests: xs.length, p50Ms: quantile(xs, 0.5), p99Ms: quantile(xs, 0.99), maxMs: Math.round(Math.max(0, ...xs)) });
const phase = (s: Samples, ms: number) => ({
  ms: Math.round(ms),
  ...summary([...s["/"], ...s["/matches"]]),
  landing: summary(s["/"]),
  matches: summary(s["/matches"]),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean, what: string, timeoutMs = 30 * 60_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
const matchingSettled = () => {
  const s = getMatchingStatus();
  return s.queued === 0 && s.rebuildRequestedAt === null;
};
const staffHeaders = { cookie: seeded.staffCookie!, origin: server.url };

try {
  // A short warm-up (JIT, caches), not measured.
  await probe(sleep(1500), 1500);

  let t0 = performance.now();
  const idle = phase(await probe(sleep(seconds * 1000), seconds * 1000), performance.now() - t0);

  t0 = performance.now();
  const imported = (async () => {
    const form = new FormData();
    form.append("file", new File([file], "responsive.json", { type: "application/json" }));
    form.append("status", "approved");
    const res = await fetch(`${server.url}/admin/import/upload`, { method: "POST", headers: staffHeaders, body: form });
    const body = (await res.json()) as { jobId?: number };
    if (res.status !== 202 || !body.jobId) throw new Error(`upload: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    await waitFor(() => {
      const job = getDb().select({ state: jobs.state, error: jobs.error }).from(jobs).where(eq(jobs.id, body.jobId!)).get();
      if (job?.state === "failed") throw new Error(`import job failed: ${job.error}`);
      return job?.state === "done";
    }, "the import job");
    // The import queued every new firm for matching: the lists catch up before the next phase.
    await waitFor(matchingSettled, "the lists after the import");
  })();
  const importing = phase(await probe(imported, seconds * 1000), performance.now() - t0);

  t0 = performance.now();
  const rebuilt = (async () => {
    const asked = Math.floor(Date.now() / 1000);
    const res = await fetch(`${server.url}/admin/matching`, {
      method: "POST",
      headers: { ...staffHeaders, "content-type": "application/x-www-form-urlencoded" },
      body: "intent=rebuild",
      redirect: "manual",
    });
    if (res.status !== 302) throw new Error(`rebuild request: ${res.status}`);
    await waitFor(() => matchingSettled() && (getMatchingStatus().rebuiltAt ?? 0) >= asked, "the rebuild");
  })();
  const rebuilding = phase(await probe(rebuilt, seconds * 1000), performance.now() - t0);

  const ratio = (x: number) => Math.round((x / Math.max(idle.p99Ms, 0.1)) * 100) / 100;
  console.log(
    JSON.stringify({
      companies: count,
      imported: importCount,
      connections,
      idle,
      import: importing,
      rebuild: rebuilding,
      importP99ToIdle: ratio(importing.p99Ms),
      rebuildP99ToIdle: ratio(rebuilding.p99Ms),
    }),
  );
} finally {
  closeDb();
  await server.stop();
  seeded.remove();
}
