import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COUNTRIES } from "~/modules/companies/taxonomy";
import { MatchEngine } from "./engine";
import { buildEngine } from "./parallel.server";
import { toFeatures, type MatchProfile } from "./features";
import { FeatureTable, type EligibilityRules } from "./score";
import { syntheticProfile } from "./synthetic";

function profile(id: number, seed: number, country?: string): MatchProfile {
  const p = { ...syntheticProfile(id, seed), id };
  return country ? { ...p, country: country as MatchProfile["country"] } : p;
}

/** Every list is a prefix of the brute-force ranking, long enough, and complete only when whole. */
function expectExact(engine: MatchEngine) {
  for (const id of engine.companyIds()) {
    const list = engine.list(id);
    expect(list, `company ${id} has no list`).not.toBeNull();
    const all = engine.bruteForce(id, Number.MAX_SAFE_INTEGER);
    expect(list!.ids, `list of ${id}`).toEqual(all.ids.slice(0, list!.ids.length));
    expect(list!.scores).toEqual(all.scores.slice(0, list!.ids.length));
    expect(list!.ids.length).toBeGreaterThanOrEqual(Math.min(engine.sizes.min, all.ids.length));
    if (list!.complete) expect(list!.ids.length).toBe(all.ids.length);
  }
}

function expectEligible(engine: MatchEngine, rules: EligibilityRules, profiles: Map<number, MatchProfile>, excluded: Set<string>) {
  for (const id of engine.companyIds()) {
    const a = profiles.get(id)!;
    for (const pid of engine.list(id)!.ids) {
      const b = profiles.get(pid)!;
      expect(pid).not.toBe(id);
      expect(a.country).not.toBe(b.country);
      if (a.country !== "CN" && b.country !== "CN") expect(rules.aseanPairs).toBe(true);
      expect(excluded.has(`${Math.min(id, pid)}:${Math.max(id, pid)}`)).toBe(false);
      const table = new FeatureTable(2);
      table.set(0, toFeatures(a));
      table.set(1, toFeatures(b));
      expect(table.complements(0, 1)).toBe(true);
    }
  }
}

describe("the candidate index", () => {
  it("returns exactly the brute-force top lists", () => {
    for (const aseanPairs of [false, true]) {
      const engine = new MatchEngine({ aseanPairs });
      for (let i = 0; i < 400; i++) engine.load(toFeatures(profile(i + 1, 9)));
      engine.rebuildAll();
      for (const id of engine.companyIds()) {
        expect(engine.list(id)!.ids.slice(0, 10)).toEqual(engine.bruteForce(id, 10).ids);
      }
      expectExact(engine);
    }
  });

  it("gives the same lists whether built inline or on worker threads", async () => {
    const profiles = Array.from({ length: 600 }, (_, i) => profile(i + 1, 3));
    const inline = await buildEngine({ profiles, rules: { aseanPairs: false }, exclusions: [[1, 2]], threads: 1 });
    for (const id of inline.engine.companyIds()) expect(inline.engine.list(id)!.ids.slice(0, 10)).toEqual(inline.engine.bruteForce(id, 10).ids);
    // Threads need the TypeScript loader in workers; where they cannot start, the inline path runs.
    const threaded = await buildEngine({ profiles, rules: { aseanPairs: false }, exclusions: [[1, 2]], threads: 2 });
    for (const id of inline.engine.companyIds()) expect(threaded.engine.list(id)).toEqual(inline.engine.list(id));
  });
});

type Op =
  | { kind: "upsert"; id: number; seed: number; country: number }
  | { kind: "remove"; id: number }
  | { kind: "exclude"; a: number; b: number }
  | { kind: "include"; a: number; b: number };

const ID = fc.integer({ min: 1, max: 45 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant("upsert" as const), id: ID, seed: fc.integer({ min: 1, max: 1e6 }), country: fc.integer({ min: 0, max: 23 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), id: ID }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("exclude" as const), a: ID, b: ID }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("include" as const), a: ID, b: ID }) },
);

describe("incremental updates", () => {
  it("keep every list exact, and never list an ineligible pair, whatever happens in whatever order", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { minLength: 1, maxLength: 60 }), (aseanPairs, ops) => {
        const rules = { aseanPairs };
        // Short lists, so that refills and the reserve are exercised often.
        const engine = new MatchEngine(rules, { min: 3, capacity: 5 });
        const profiles = new Map<number, MatchProfile>();
        const excluded = new Set<string>();
        for (let i = 1; i <= 30; i++) {
          const p = profile(i, 77, i % 2 ? "CN" : undefined);
          profiles.set(i, p);
          engine.load(toFeatures(p));
        }
        engine.rebuildAll();
        for (const o of ops) {
          if (o.kind === "upsert") {
            // Half the time China, so that both regions stay populated.
            const country = o.country < 12 ? COUNTRIES[o.country] : "CN";
            const p = profile(o.id, o.seed, country);
            profiles.set(o.id, p);
            engine.upsert(toFeatures(p));
          } else if (o.kind === "remove") {
            engine.remove(o.id);
          } else if (o.a !== o.b) {
            const key = `${Math.min(o.a, o.b)}:${Math.max(o.a, o.b)}`;
            if (o.kind === "exclude") {
              excluded.add(key);
              engine.excludePair(o.a, o.b);
            } else {
              excluded.delete(key);
              engine.includePair(o.a, o.b);
            }
          }
        }
        expectExact(engine);
        expectEligible(engine, rules, profiles, excluded);
        // The same lists as a fresh build from the final state.
        const fresh = new MatchEngine(rules, { min: 3, capacity: 5 });
        for (const id of engine.companyIds()) fresh.load(toFeatures(profiles.get(id)!));
        for (const key of excluded) {
          const [a, b] = key.split(":").map(Number);
          fresh.exclude(a, b);
        }
        fresh.rebuildAll();
        for (const id of engine.companyIds()) {
          const mine = engine.list(id)!;
          const theirs = fresh.list(id)!;
          const n = Math.min(mine.ids.length, theirs.ids.length);
          expect(mine.ids.slice(0, n)).toEqual(theirs.ids.slice(0, n));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("reports the lists a change touched, with what they showed before", () => {
    const engine = new MatchEngine({ aseanPairs: false });
    for (let i = 1; i <= 200; i++) engine.load(toFeatures(profile(i, 5)));
    engine.rebuildAll();
    const target = 7;
    const before = new Map(engine.companyIds().map((id) => [id, engine.list(id)!.ids.slice(0, 50)]));
    engine.upsert(toFeatures(profile(target, 999)));
    const { changed } = engine.takeChanges();
    expect(changed.has(target)).toBe(true);
    for (const id of engine.companyIds()) {
      const now = engine.list(id)!.ids.slice(0, 50);
      if (JSON.stringify(now) !== JSON.stringify(before.get(id))) {
        expect(changed.has(id), `list of ${id} changed unreported`).toBe(true);
        expect(changed.get(id)).toEqual(before.get(id));
      }
    }
  });
});
