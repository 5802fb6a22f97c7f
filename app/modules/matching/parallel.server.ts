// A full rebuild on every core: worker threads compute features (tokenising descriptions) and
// lists, each over its share of the firms; the main thread only assembles. Below a few
// thousand firms, or where threads cannot start (some test runners), the same work runs inline.
import os from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { clusterOrder, MatchEngine, type ListSizes } from "./engine";
import { FeatureTable, toFeatures, type EligibilityRules, type MatchProfile } from "./score";

/** Below this many firms threads cost more than they save. */
export const PARALLEL_FROM = 20_000;

type FeaturesRequest = { kind: "features"; profiles: MatchProfile[] };
type ListsRequest = {
  kind: "lists";
  data: Int32Array;
  count: number;
  rules: EligibilityRules;
  sizes: ListSizes;
  exclusions: Int32Array;
  slots: Int32Array;
};

function featuresTable(profiles: MatchProfile[]): FeatureTable {
  const table = new FeatureTable(Math.max(profiles.length, 1));
  profiles.forEach((p, i) => table.set(i, toFeatures(p)));
  return table;
}

function engineFor(req: Omit<ListsRequest, "kind" | "slots">): MatchEngine {
  const engine = new MatchEngine(req.rules, req.sizes);
  engine.loadTable(FeatureTable.over(req.data), req.count);
  for (let i = 0; i < req.exclusions.length; i += 2) engine.exclude(req.exclusions[i], req.exclusions[i + 1]);
  return engine;
}

if (!isMainThread && (workerData as { matching?: boolean } | null)?.matching) {
  parentPort!.on("message", (req: FeaturesRequest | ListsRequest) => {
    if (req.kind === "features") {
      const table = featuresTable(req.profiles);
      const data = table.data.slice(0, req.profiles.length * (table.data.length / table.capacity));
      parentPort!.postMessage({ data }, [data.buffer as ArrayBuffer]);
    } else {
      const engine = engineFor(req);
      const packed = engine.computePacked(req.slots);
      parentPort!.postMessage({ packed }, [packed.buffer as ArrayBuffer]);
    }
  });
  parentPort!.postMessage({ ready: true });
}

// Workers start from plain JavaScript that registers the TypeScript loader (tsx) and then loads
// this file: Node 20 does not pass the main thread's --import hooks on to workers.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import("tsx/esm/api").then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

type Pool = { run: <T>(i: number, msg: FeaturesRequest | ListsRequest) => Promise<T>; size: number; close: () => Promise<void> };

async function startPool(size: number): Promise<Pool | null> {
  const entry = import.meta.url;
  if (!entry.endsWith(".ts") && !entry.endsWith(".js")) return null;
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < size; i++) workers.push(new Worker(BOOTSTRAP, { eval: true, workerData: { matching: true, entry } }));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("matching worker did not start")), 30_000);
            w.once("error", (err) => {
              clearTimeout(timer);
              reject(err);
            });
            w.once("exit", () => reject(new Error("matching worker exited")));
            w.once("message", () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  } catch {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
  return {
    size,
    run: <T,>(i: number, msg: FeaturesRequest | ListsRequest) =>
      new Promise<T>((resolve, reject) => {
        const w = workers[i];
        const onError = (err: Error) => reject(err);
        w.once("error", onError);
        w.once("message", (m: T) => {
          w.off("error", onError);
          resolve(m);
        });
        w.postMessage(msg);
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export type BuiltEngine = { engine: MatchEngine; threads: number };

/**
 * Features and lists of every firm: an engine whose lists are all computed. `exclusions` are
 * pairs of company ids that must never match.
 */
export async function buildEngine(input: {
  profiles: MatchProfile[];
  rules: EligibilityRules;
  exclusions: [number, number][];
  sizes?: ListSizes;
  threads?: number;
}): Promise<BuiltEngine> {
  const { profiles, rules, exclusions } = input;
  const wanted = input.threads ?? (profiles.length >= PARALLEL_FROM ? Math.max(1, Math.min(os.availableParallelism(), 8)) : 1);
  const pool = wanted > 1 ? await startPool(wanted) : null;
  try {
    // 1. Features, each thread a contiguous share, then one table in clustered order.
    let unordered: FeatureTable;
    if (pool) {
      const share = Math.ceil(profiles.length / pool.size);
      const parts = await Promise.all(
        Array.from({ length: pool.size }, (_, i) =>
          pool.run<{ data: Int32Array }>(i, { kind: "features", profiles: profiles.slice(i * share, (i + 1) * share) }),
        ),
      );
      const all = new Int32Array(parts.reduce((n, p) => n + p.data.length, 0));
      let offset = 0;
      for (const p of parts) {
        all.set(p.data, offset);
        offset += p.data.length;
      }
      unordered = FeatureTable.over(all);
    } else {
      unordered = featuresTable(profiles);
    }
    const order = clusterOrder(profiles.map((_, i) => i), unordered);
    const table = new FeatureTable(Math.max(profiles.length, 1024), !!pool);
    order.forEach((from, to) => table.copy(unordered, from, to));
    const engine = new MatchEngine(rules, input.sizes);
    engine.loadTable(table, profiles.length);
    for (const [a, b] of exclusions) engine.exclude(a, b);

    // 2. Lists: slots dealt round-robin, so every thread gets its share of each cluster.
    if (pool) {
      const flat = Int32Array.from(exclusions.flat());
      const parts = await Promise.all(
        Array.from({ length: pool.size }, (_, i) => {
          const slots = Int32Array.from({ length: Math.ceil((profiles.length - i) / pool.size) }, (_, k) => i + k * pool.size);
          return pool.run<{ packed: Int32Array }>(i, {
            kind: "lists",
            data: table.data,
            count: profiles.length,
            rules,
            sizes: engine.sizes,
            exclusions: flat,
            slots,
          });
        }),
      );
      for (const p of parts) engine.restorePacked(p.packed);
    } else {
      engine.rebuildAll();
    }
    return { engine, threads: pool?.size ?? 1 };
  } finally {
    await pool?.close();
  }
}
