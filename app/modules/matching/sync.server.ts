// Keeps the stored match lists current. Changes to listings arrive in `match_queue` (triggers on
// `companies`, dismissals and exclusions); syncMatches() applies them to the in-memory engine —
// that company's list, and every list it enters, moves in or leaves — and writes exactly the
// lists that changed, in one transaction with the new-match facts and immediate e-mails.
// A full rebuild recomputes every list (on every core) when the algorithm or the rules changed,
// when staff ask, or when more changed than an incremental update is worth.
//
// Several processes may sync (the server, `npm run match`, `npm run import` users): each keeps
// its own engine, valid for one value of match_state.seq. Every sync bumps seq in the same
// transaction as its writes; a process that sees another seq reloads the engine from the lists.
import type Database from "better-sqlite3";
import { getDb, getSqlite } from "~/db.server";
import { faultPoint } from "~/fault-points.server";
import { logger } from "~/log.server";
import type { CountryCode, LanguageCode, SizeCode } from "~/modules/companies/taxonomy";
import { registerBackgroundTask } from "~/background.server";
import { listJobs, queueJob } from "~/modules/jobs/jobs.server";
import type { JobHandler } from "~/modules/jobs/runner.server";
import { runInThread, startThreadTask, type ThreadTaskContext } from "~/modules/jobs/threads.server";
import { announceImmediately, recordNews } from "./announce.server";
import { LIST_SHOWN, MatchEngine } from "./engine";
import { buildEngine } from "./parallel.server";
import { toFeatures, type MatchProfile } from "./features";
import { ALGORITHM_VERSION, FeatureTable } from "./score";
import { listExcludedPairs } from "./exclusions.server";
import { encodeEntries, getMatchingRules, REBUILD_JOB, rulesKey, type StoredEntry } from "./store.server";
import { nowSeconds } from "~/utils/time";

/** More queued companies than this (and than a tenth of all) are cheaper to rebuild than to update. */
const INCREMENTAL_MAX = 2000;

type Cache = { sqlite: Database.Database; engine: MatchEngine; seq: number; rulesKey: string };
const g = globalThis as typeof globalThis & { __bridgeMatching?: Cache | null };

type SyncResult = { mode: "none" | "incremental" | "rebuild"; companies: number; lists: number; news: number; ms: number };

// ---- reading listings ----

const CODE_TABLES = [
  ["sectors", "company_sectors", "sector"],
  ["offers", "company_offers", "capability"],
  ["needs", "company_needs", "capability"],
  ["partnershipTypes", "company_partnership_types", "partnership_type"],
  ["targetMarkets", "company_target_markets", "country"],
] as const;

/** The listings of visible companies (all of them, or some), as the scorer reads them. */
export function loadProfiles(sqlite: Database.Database, ids?: number[]): Map<number, MatchProfile> {
  const out = new Map<number, MatchProfile>();
  // For some ids, the id list drives the join (CROSS JOIN keeps it outermost): otherwise SQLite
  // walks every visible company through the visibility index.
  const from = ids ? "json_each(?) j cross join companies c on c.id = j.value" : "companies c";
  const args = ids ? [JSON.stringify(ids)] : [];
  const rows = sqlite
    .prepare(`select c.id, c.country, c.size, c.languages, c.description from ${from} where c.visible = 1 order by c.id`)
    .raw()
    .all(...args) as [number, string, string | null, string, string | null][];
  for (const [id, country, size, languages, description] of rows) {
    out.set(id, {
      id,
      country: country as CountryCode,
      size: size as SizeCode | null,
      languages: JSON.parse(languages) as LanguageCode[],
      description,
      sectors: [],
      offers: [],
      needs: [],
      partnershipTypes: [],
      targetMarkets: [],
    });
  }
  for (const [field, table, column] of CODE_TABLES) {
    const codes = sqlite
      .prepare(`select t.company_id, t.${column} from ${from} cross join ${table} t on t.company_id = c.id where c.visible = 1`)
      .raw()
      .all(...args) as [number, string][];
    for (const [id, code] of codes) (out.get(id)?.[field] as string[] | undefined)?.push(code);
  }
  return out;
}

function memberCompanies(sqlite: Database.Database): Set<number> {
  return new Set((sqlite.prepare("select distinct company_id from company_members").raw().all() as [number][]).map((r) => r[0]));
}

type State = { seq: number; algorithmVersion: string | null; rulesKey: string | null; rebuildRequestedAt: number | null };

function readState(sqlite: Database.Database): State {
  const row = sqlite
    .prepare(
      "select seq, algorithm_version as algorithmVersion, rules_key as rulesKey, rebuild_requested_at as rebuildRequestedAt from match_state where id = 1",
    )
    .get() as State | undefined;
  if (row) return row;
  sqlite.prepare("insert or ignore into match_state (id, seq) values (1, 0)").run();
  return { seq: 0, algorithmVersion: null, rulesKey: null, rebuildRequestedAt: null };
}

function needsRebuild(state: State, key: string) {
  return state.algorithmVersion !== ALGORITHM_VERSION || state.rulesKey !== key || state.rebuildRequestedAt !== null;
}

// ---- writing lists ----

function entriesOf(engine: MatchEngine, companyId: number): { entries: StoredEntry[]; complete: boolean } {
  const list = engine.list(companyId)!;
  const n = Math.min(list.ids.length, LIST_SHOWN);
  const entries: StoredEntry[] = [];
  for (let i = 0; i < n; i++) entries.push({ partnerId: list.ids[i], scoreTenths: list.scores[i], code: engine.encode(companyId, list.ids[i]) });
  return { entries, complete: list.complete && list.ids.length <= LIST_SHOWN };
}

function listWriter(sqlite: Database.Database, engine: MatchEngine, now: number) {
  const put = sqlite.prepare(
    `insert into match_lists (company_id, entries, entry_count, complete, features, algorithm_version, computed_at)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (company_id) do update set entries = excluded.entries, entry_count = excluded.entry_count,
       complete = excluded.complete, features = excluded.features, algorithm_version = excluded.algorithm_version,
       computed_at = excluded.computed_at`,
  );
  return (companyId: number) => {
    const { entries, complete } = entriesOf(engine, companyId);
    const features = engine.record(companyId);
    put.run(
      companyId,
      encodeEntries(entries),
      entries.length,
      complete ? 1 : 0,
      Buffer.from(features.buffer, features.byteOffset, features.byteLength),
      ALGORITHM_VERSION,
      now,
    );
    return entries;
  };
}

/** Partners that entered a member company's shown list: the candidates for news. */
function newcomers(entries: StoredEntry[], before: Iterable<number>) {
  const old = new Set(before);
  return entries.filter((e) => !old.has(e.partnerId));
}

// ---- loading the engine from the stored lists ----

function loadEngine(sqlite: Database.Database): { engine: MatchEngine; missing: number[] } {
  const rules = getMatchingRules(getDb());
  const engine = new MatchEngine(rules);
  const rows = sqlite.prepare("select company_id, entries, complete, features from match_lists where algorithm_version = ?").raw().all(ALGORITHM_VERSION) as [
    number,
    Buffer,
    number,
    Buffer,
  ][];
  const loaded: typeof rows = [];
  for (const row of rows) {
    const copy = new Uint8Array(row[3]);
    if (engine.loadRecord(new Int32Array(copy.buffer, 0, copy.byteLength >> 2))) loaded.push(row);
  }
  for (const [companyId, blob, complete] of loaded) {
    const copy = new Uint8Array(blob);
    const ints = new Int32Array(copy.buffer, 0, copy.byteLength >> 2);
    const ids: number[] = [];
    const scores: number[] = [];
    for (let i = 0; i + 10 <= ints.length; i += 10) {
      ids.push(ints[i]);
      scores.push(ints[i + 1]);
    }
    engine.restoreList(companyId, { ids, scores, complete: complete === 1 });
  }
  for (const [a, b] of listExcludedPairs(getDb())) engine.exclude(a, b);
  // Visible firms without a list, and lists of firms no longer visible, are brought in line
  // with the listings as if they had been queued.
  const visible = new Set((sqlite.prepare("select id from companies where visible = 1").raw().all() as [number][]).map((r) => r[0]));
  const missing = [...visible].filter((id) => !engine.has(id));
  for (const id of engine.companyIds()) if (!visible.has(id)) missing.push(id);
  return { engine, missing };
}

function cachedEngine(sqlite: Database.Database, state: State, key: string): { engine: MatchEngine; extra: number[] } {
  const cache = g.__bridgeMatching;
  if (cache && cache.sqlite === sqlite && cache.seq === state.seq && cache.rulesKey === key) return { engine: cache.engine, extra: [] };
  const { engine, missing } = loadEngine(sqlite);
  return { engine, extra: missing };
}

// ---- incremental ----

function sameRecord(a: Int32Array, b: Int32Array) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Applies the queued changes of some companies to the engine. */
function applyChanges(sqlite: Database.Database, engine: MatchEngine, companyIds: number[]) {
  const profiles = loadProfiles(sqlite, companyIds);
  const pairs = listExcludedPairs(getDb(), companyIds);
  const wanted = new Map<number, Set<number>>();
  for (const id of companyIds) wanted.set(id, new Set());
  for (const [a, b] of pairs) {
    wanted.get(a)?.add(b);
    wanted.get(b)?.add(a);
  }
  for (const id of companyIds) {
    const now = wanted.get(id)!;
    const known = engine.exclusionsOf(id);
    for (const other of now) if (!known.has(other)) engine.excludePair(id, other);
    for (const other of known) if (!now.has(other)) engine.includePair(id, other);
    const profile = profiles.get(id);
    if (!profile) {
      engine.remove(id);
      continue;
    }
    const features = toFeatures(profile);
    if (engine.has(id)) {
      // Edits of what matching does not read (a name, a website) change no list.
      const probe = new FeatureTable(1);
      probe.set(0, features);
      if (sameRecord(probe.record(0), engine.record(id))) continue;
    }
    engine.upsert(features);
  }
}

function syncIncremental(sqlite: Database.Database): SyncResult | "rebuild" {
  const started = performance.now();
  const key = rulesKey(getMatchingRules(getDb()));
  // The common case, every second in the server: nothing to do, decided without a write lock.
  const idle = sqlite.transaction(() => {
    const state = readState(sqlite);
    return !needsRebuild(state, key) && !sqlite.prepare("select 1 from match_queue limit 1").get();
  })();
  if (idle) return { mode: "none", companies: 0, lists: 0, news: 0, ms: 0 };
  const run = sqlite.transaction((): SyncResult | "rebuild" => {
    const state = readState(sqlite);
    if (needsRebuild(state, key)) return "rebuild";
    const queued = sqlite.prepare("select id, company_id from match_queue order by id").raw().all() as [number, number][];
    const { engine, extra } = cachedEngine(sqlite, state, key);
    if (queued.length === 0 && extra.length === 0) {
      g.__bridgeMatching = { sqlite, engine, seq: state.seq, rulesKey: key };
      return { mode: "none", companies: 0, lists: 0, news: 0, ms: 0 };
    }
    const companyIds = [...new Set([...queued.map((q) => q[1]), ...extra])];
    if (companyIds.length > INCREMENTAL_MAX && companyIds.length > engine.count / 10) return "rebuild";
    // From here on the engine may hold changes this transaction has not committed.
    g.__bridgeMatching = null;
    engine.takeChanges();
    applyChanges(sqlite, engine, companyIds);
    const { changed, dropped } = engine.takeChanges();
    const now = nowSeconds();
    const write = listWriter(sqlite, engine, now);
    const members = memberCompanies(sqlite);
    const candidates: { companyId: number; partnerId: number; scoreTenths: number }[] = [];
    for (const [companyId, before] of changed) {
      const entries = write(companyId);
      if (members.has(companyId)) for (const e of newcomers(entries, before)) candidates.push({ companyId, ...e });
    }
    const drop = sqlite.prepare("delete from match_lists where company_id = ?");
    for (const companyId of dropped.keys()) drop.run(companyId);
    const news = recordNews(getDb(), candidates, now);
    announceImmediately(getDb(), news);
    if (queued.length) sqlite.prepare("delete from match_queue where id <= ?").run(queued[queued.length - 1][0]);
    const seq = state.seq + 1;
    sqlite.prepare("update match_state set seq = ?, updated_at = ? where id = 1").run(seq, now);
    g.__bridgeMatching = { sqlite, engine, seq, rulesKey: key };
    return { mode: "incremental", companies: companyIds.length, lists: changed.size + dropped.size, news: news.length, ms: 0 };
  });
  try {
    const result = run.immediate();
    if (result !== "rebuild") result.ms = Math.round(performance.now() - started);
    return result;
  } catch (err) {
    g.__bridgeMatching = null;
    throw err;
  }
}

// ---- full rebuild ----

async function rebuild(sqlite: Database.Database, threads?: number): Promise<SyncResult | "retry"> {
  const started = performance.now();
  const snapshot = sqlite.transaction(() => {
    const state = readState(sqlite);
    const rules = getMatchingRules(getDb());
    const maxQueued = (sqlite.prepare("select coalesce(max(id), 0) from match_queue").raw().get() as [number])[0];
    const profiles = [...loadProfiles(sqlite).values()];
    const exclusions = listExcludedPairs(getDb());
    const members = memberCompanies(sqlite);
    const shownBefore = new Map<number, number[]>();
    const read = sqlite.prepare("select entries from match_lists where company_id = ?").raw();
    for (const id of members) {
      const row = read.get(id) as [Buffer] | undefined;
      if (!row) continue;
      const copy = new Uint8Array(row[0]);
      const ints = new Int32Array(copy.buffer, 0, copy.byteLength >> 2);
      const ids: number[] = [];
      for (let i = 0; i + 10 <= ints.length; i += 10) ids.push(ints[i]);
      shownBefore.set(id, ids);
    }
    return { state, rules, maxQueued, profiles, exclusions, members, shownBefore, at: nowSeconds() };
  })();
  const { engine } = await buildEngine({ profiles: snapshot.profiles, rules: snapshot.rules, exclusions: snapshot.exclusions, threads });
  const key = rulesKey(snapshot.rules);
  const write = sqlite.transaction((): SyncResult | "retry" => {
    const state = readState(sqlite);
    // Someone else wrote lists since the snapshot: ours are stale. Start again.
    if (state.seq !== snapshot.state.seq) return "retry";
    const now = nowSeconds();
    sqlite.prepare("delete from match_lists").run();
    const put = listWriter(sqlite, engine, now);
    const candidates: { companyId: number; partnerId: number; scoreTenths: number }[] = [];
    for (const id of engine.companyIds()) {
      const entries = put(id);
      if (snapshot.members.has(id)) for (const e of newcomers(entries, snapshot.shownBefore.get(id) ?? [])) candidates.push({ companyId: id, ...e });
    }
    const news = recordNews(getDb(), candidates, now);
    announceImmediately(getDb(), news);
    sqlite.prepare("delete from match_queue where id <= ?").run(snapshot.maxQueued);
    faultPoint("matching.rebuild.before-commit");
    const seq = state.seq + 1;
    sqlite
      .prepare(
        `update match_state set seq = ?, algorithm_version = ?, rules_key = ?, rebuilt_at = ?, updated_at = ?,
           rebuild_requested_at = case when rebuild_requested_at <= ? then null else rebuild_requested_at end
         where id = 1`,
      )
      .run(seq, ALGORITHM_VERSION, key, now, now, snapshot.at);
    engine.clearChanges();
    g.__bridgeMatching = { sqlite, engine, seq, rulesKey: key };
    return { mode: "rebuild", companies: engine.count, lists: engine.count, news: news.length, ms: 0 };
  });
  const result = write.immediate();
  if (result !== "retry") result.ms = Math.round(performance.now() - started);
  return result;
}

// ---- the one entry point ----

let running: Promise<SyncResult> | null = null;

/**
 * Brings every stored list up to date with the listings: nothing, an incremental update, or a
 * full rebuild (`rebuild: true` forces one). Never runs twice at once in a process.
 */
export async function syncMatches(options: { rebuild?: boolean; threads?: number; rebuildAsJob?: boolean } = {}): Promise<SyncResult> {
  while (running) await running.catch(() => {});
  running = (async () => {
    const sqlite = getSqlite();
    if (options.rebuild) sqlite.prepare("update match_state set rebuild_requested_at = ? where id = 1").run(nowSeconds());
    for (let attempt = 0; attempt < 5; attempt++) {
      const incremental = syncIncremental(sqlite);
      if (incremental !== "rebuild") return incremental;
      if (options.rebuildAsJob) {
        queueRebuildJob();
        return { mode: "none", companies: 0, lists: 0, news: 0, ms: 0 };
      }
      const rebuilt = await rebuild(sqlite, options.threads);
      if (rebuilt === "retry") continue;
      // Changes queued while the rebuild computed are applied now.
      const after = syncIncremental(sqlite);
      if (after !== "rebuild") return { ...rebuilt, news: rebuilt.news + after.news, ms: rebuilt.ms + after.ms };
    }
    throw new Error("matching: lists kept changing during the rebuild; try again");
  })();
  try {
    return await running;
  } finally {
    running = null;
  }
}

// ---- the full rebuild as a job ----

/** A rebuild is queued unless one is waiting or running already (it will see today's listings). */
function queueRebuildJob() {
  if (listJobs({ state: "running", kind: REBUILD_JOB, limit: 1 }).length || listJobs({ state: "queued", kind: REBUILD_JOB, limit: 1 }).length) return;
  queueJob(getDb(), { kind: REBUILD_JOB, coalesce: true });
}

/**
 * The runner's handler for matching.rebuild: the rebuild on a thread of its own, so the thread
 * that serves pages (or the worker's) stays free. Killed half-way it wrote nothing (one
 * transaction, and the request to rebuild stays), so it is simply run again. `force` rebuilds even
 * when the lists look current (`npm run match:rebuild`); otherwise it does what is due.
 */
export const rebuildJobHandler: JobHandler = (job, ctx) =>
  runInThread<SyncResult>({
    entry: import.meta.url,
    name: "rebuildTask",
    input: { force: (job.payload as { force?: unknown } | null)?.force === true },
    onProgress: ctx.progress,
    signal: ctx.signal,
  });

/** On the job's thread. */
export async function rebuildTask({ force }: { force: boolean }): Promise<SyncResult> {
  return syncMatches({ rebuild: force });
}

/** How often the server looks for queued changes. */
const MATCH_SYNC_MS = 1000;

/**
 * The server's match sync, on a thread of its own: the engine lives there, scoring and list
 * writes never run on the thread that serves pages (which only read stored lists). It keeps the
 * lists current every MATCH_SYNC_MS, logging what changed; a full rebuild (staff ask, the
 * algorithm or rules changed, a large import) runs there too. The digests are a scheduled job
 * (scripts/background-work.ts).
 */
export function startMatching() {
  const thread = startThreadTask({
    entry: import.meta.url,
    name: "matchSyncLoop",
    input: { everyMs: MATCH_SYNC_MS },
    onExit: (err) => logger().error({ type: "matching", event: "sync_thread_ended", err }),
  });
  registerBackgroundTask("match-sync", thread.stop);
}

/** On the sync thread: one sync at a time until asked to stop, finishing the one in flight. */
export async function matchSyncLoop({ everyMs }: { everyMs: number }, ctx: ThreadTaskContext) {
  while (!ctx.signal?.aborted) {
    try {
      // A full rebuild is a job (matching.rebuild), for a runner to run on a thread of its own.
      const result = await syncMatches({ rebuildAsJob: true });
      if (result.mode !== "none") logger().info({ type: "matching", ...result });
    } catch (err) {
      logger().error({ type: "matching", event: "sync_failed", err });
    }
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        ctx.signal?.removeEventListener("abort", wake);
        resolve();
      };
      const timer = setTimeout(wake, everyMs);
      ctx.signal?.addEventListener("abort", wake, { once: true });
    });
  }
  return null;
}

/** Forget the in-memory engine (tests, or after restoring a database). */
export function resetMatchingCache() {
  g.__bridgeMatching = null;
}
