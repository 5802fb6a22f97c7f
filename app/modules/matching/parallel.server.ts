// A full rebuild on every core: worker threads compute features (tokenising descriptions) and
// lists, each over its share of the firms; the main thread only assembles. Below a few
// thousand firms, or where threads cannot start (some test runners), the same work runs inline.
import os from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { clusterOrder, Heaps, MatchEngine, type ListSizes } from "./engine";
import { toFeatures, type MatchProfile } from "./features";
import { FeatureTable, type EligibilityRules } from "./score";

/** Below this many firms threads cost more than they save. */
const PARALLEL_FROM = 20_000;

type FeaturesRequest = { kind: "features"; profiles: MatchProfile[] };
type IndexRequest = {
  kind: "index";
  data: Int32Array;
  count: number;
  rules: EligibilityRules;
  sizes: ListSizes;
  exclusions: Int32Array;
};
type HeapArrays = Pick<Heaps, "count" | "capacity" | "slots" | "scores" | "length" | "worstScore" | "worstId" | "searched">;
type MutualRequest = { kind: "mutual"; owners: Int32Array };
type OneSidedRequest = { kind: "oneSided"; owners: Int32Array; heaps: HeapArrays };
type Request = FeaturesRequest | IndexRequest | MutualRequest | OneSidedRequest;

function featuresTable(profiles: MatchProfile[]): FeatureTable {
  const table = new FeatureTable(Math.max(profiles.length, 1));
  profiles.forEach((p, i) => table.set(i, toFeatures(p)));
  return table;
}

const heapArrays = (h: Heaps): HeapArrays => ({
  count: h.count,
  capacity: h.capacity,
  slots: h.slots,
  scores: h.scores,
  length: h.length,
  worstScore: h.worstScore,
  worstId: h.worstId,
  searched: h.searched,
});

if (!isMainThread && (workerData as { matching?: boolean } | null)?.matching) {
  let engine: MatchEngine | null = null;
  parentPort!.on("message", (req: Request) => {
    if (req.kind === "features") {
      const table = featuresTable(req.profiles);
      const data = table.data.slice(0, req.profiles.length * (table.data.length / table.capacity));
      parentPort!.postMessage({ data }, [data.buffer as ArrayBuffer]);
    } else if (req.kind === "index") {
      engine = new MatchEngine(req.rules, req.sizes);
      engine.loadTable(FeatureTable.over(req.data), req.count);
      for (let i = 0; i < req.exclusions.length; i += 2) engine.exclude(req.exclusions[i], req.exclusions[i + 1]);
      parentPort!.postMessage({ done: true });
    } else if (req.kind === "mutual") {
      const heaps = new Heaps(engine!.count, engine!.sizes.capacity);
      engine!.mutualPass(req.owners, heaps);
      const arrays = heapArrays(heaps);
      parentPort!.postMessage(
        arrays,
        [arrays.slots, arrays.scores, arrays.length, arrays.worstScore, arrays.worstId, arrays.searched].map((a) => a.buffer as ArrayBuffer),
      );
    } else {
      engine!.oneSidedPass(req.owners, Heaps.over(req.heaps));
      parentPort!.postMessage({ done: true });
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

type Pool = { run: <T>(i: number, msg: Request) => Promise<T>; size: number; close: () => Promise<void> };

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
    run: <T>(i: number, msg: Request) =>
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

type BuiltEngine = { engine: MatchEngine; threads: number };

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
    const order = clusterOrder(
      profiles.map((_, i) => i),
      unordered,
    );
    const count = profiles.length;
    const table = new FeatureTable(Math.max(count, 1024), !!pool);
    order.forEach((from, to) => table.copy(unordered, from, to));
    const engine = new MatchEngine(rules, input.sizes);
    if (!pool) {
      engine.loadTable(table, count);
      for (const [a, b] of exclusions) engine.exclude(a, b);
      engine.rebuildAll();
      return { engine, threads: 1 };
    }

    // 2. Every thread indexes the shared table; owners are dealt round-robin, so that each
    //    thread gets its share of every cluster.
    const flat = Int32Array.from(exclusions.flat());
    const all = (make: (i: number) => Request) => Promise.all(Array.from({ length: pool.size }, (_, i) => pool.run<unknown>(i, make(i))));
    const share = (i: number) => Int32Array.from({ length: Math.ceil((count - i) / pool.size) }, (_, k) => i + k * pool.size);
    const indexed = all(() => ({ kind: "index", data: table.data, count, rules, sizes: engine.sizes, exclusions: flat }));
    // The main thread indexes too, while the workers do.
    engine.loadTable(table, count);
    for (const [a, b] of exclusions) engine.exclude(a, b);
    await indexed;

    // 3. Mutual pairs, each scored once; the threads' heaps merged into shared ones.
    const parts = (await all((i) => ({ kind: "mutual", owners: share(i) }))) as HeapArrays[];
    const heaps = new Heaps(count, engine.sizes.capacity, true);
    for (const part of parts) heaps.merge(Heaps.over(part), table);

    // 4. One-sided candidates where lists have room, each thread writing its owners' heaps.
    await all((i) => ({ kind: "oneSided", owners: share(i), heaps: heapArrays(heaps) }));
    engine.restoreHeaps(heaps);
    return { engine, threads: pool?.size ?? 1 };
  } finally {
    await pool?.close();
  }
}
