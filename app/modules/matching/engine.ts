// The candidate index and the match lists, in memory, without a database: what keeps every
// company's best partners exact as profiles come, change and go. Pure and deterministic; the
// store (store.server.ts) loads it from SQLite and writes back the lists it changed.
//
// Index: for each region and capability, the firms that provide it (listed or described) and the
// firms that need it; and for each (provided, needed) pair of capabilities, the firms that do
// both. A firm's mutual candidates — those that meet one of its needs *and* need something it
// provides — are the union of a few pair lists. One-sided candidates can score at most 25 (the
// symmetric part alone), so they are looked at only for firms without enough better matches.
//
// Lists: each firm's best partners, best first (score, then company id), between LIST_MIN and
// LIST_CAPACITY long. The invariant: every firm outside a list ranks below its last entry, or
// the list is `complete` (it holds every eligible partner). The reserve between LIST_MIN and
// LIST_CAPACITY lets a partner leave a list without recomputing it.
import { COUNTRIES } from "~/modules/companies/taxonomy";
import { bitsOf, type Features } from "./features";
import { FeatureTable, regionsMatch, type EligibilityRules } from "./score";

export const LIST_SHOWN = 50;
const LIST_MIN = 50;
const LIST_CAPACITY = 60;
/** The highest score (tenths) of a pair where one side brings nothing: the symmetric part alone. */
const ONE_SIDED_MAX = 250;

const CHINA_REGION = 0;
const ASEAN_REGION = 1;
const CN_INDEX = COUNTRIES.indexOf("CN");

export type ListSizes = { min: number; capacity: number };

type List = { slots: number[]; scores: number[]; complete: boolean };

/** `a` ranks before `b`: higher score, then the lower company id. */
function before(scoreA: number, idA: number, scoreB: number, idB: number) {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}

export class MatchEngine {
  table = new FeatureTable(1024);
  rules: EligibilityRules;
  readonly sizes: ListSizes;
  private slotOf = new Map<number, number>();
  private free: number[] = [];
  private used = 0;
  private active = new Uint8Array(1024);
  private mark = new Int32Array(1024);
  private stamp = 0;
  private providers: number[][] = Array.from({ length: 64 }, () => []);
  private needers: number[][] = Array.from({ length: 64 }, () => []);
  private pairs = new Map<number, number[]>();
  private excluded = new Map<number, Set<number>>();
  private lists: (List | undefined)[] = [];
  /** containedIn[slot]: the owners whose lists hold slot. */
  private containedIn: (number[] | undefined)[] = [];
  /** Lists changed since the last takeChanges(), with the ids they showed before. */
  private changed = new Map<number, number[]>();
  private dropped = new Map<number, number[]>();

  constructor(rules: EligibilityRules, sizes: ListSizes = { min: LIST_MIN, capacity: LIST_CAPACITY }) {
    this.rules = rules;
    this.sizes = sizes;
  }

  // ---- profiles and the index ----

  get count() {
    return this.slotOf.size;
  }

  has(companyId: number) {
    return this.slotOf.has(companyId);
  }

  companyIds(): number[] {
    return [...this.slotOf.keys()];
  }

  slot(companyId: number) {
    return this.slotOf.get(companyId);
  }

  private region(slot: number) {
    return this.table.country(slot) === CN_INDEX ? CHINA_REGION : ASEAN_REGION;
  }

  private allocate(): number {
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.active.length) {
      const size = Math.max(slot + 1, this.active.length * 2);
      const active = new Uint8Array(size);
      active.set(this.active);
      this.active = active;
      const mark = new Int32Array(size);
      mark.set(this.mark);
      this.mark = mark;
    }
    return slot;
  }

  private index(slot: number, add: boolean) {
    const r = this.region(slot);
    const provides = this.table.provides(slot);
    const needs = this.table.needs(slot);
    const edit = (list: number[]) => {
      if (add) list.push(slot);
      else {
        const i = list.lastIndexOf(slot);
        if (i >= 0) {
          list[i] = list[list.length - 1];
          list.pop();
        }
      }
    };
    for (const p of bitsOf(provides)) {
      edit(this.providers[r * 32 + p]);
      for (const n of bitsOf(needs)) {
        const key = (r * 32 + p) * 32 + n;
        let list = this.pairs.get(key);
        if (!list) this.pairs.set(key, (list = []));
        edit(list);
      }
    }
    for (const n of bitsOf(needs)) edit(this.needers[r * 32 + n]);
  }

  /**
   * Takes over a filled table (slots 0 … count-1) and indexes it, without computing any list.
   * A full rebuild fills the table in clustered order (see clusterOrder): firms with the same
   * capabilities then sit side by side in memory, and so do the entries of each index list.
   */
  loadTable(table: FeatureTable, count: number) {
    if (this.slotOf.size) throw new Error("loadTable: the engine is not empty");
    this.table = table;
    this.used = count;
    this.active = new Uint8Array(Math.max(count, 1024));
    this.mark = new Int32Array(Math.max(count, 1024));
    for (let slot = 0; slot < count; slot++) {
      this.slotOf.set(table.id(slot), slot);
      this.active[slot] = 1;
      this.index(slot, true);
    }
  }

  /** Adds a firm to the index without touching any list (loading, before lists are read or built). */
  load(features: Features) {
    if (this.slotOf.has(features.id)) throw new Error(`company ${features.id} loaded twice`);
    const slot = this.allocate();
    this.slotOf.set(features.id, slot);
    this.table.set(slot, features);
    this.active[slot] = 1;
    this.index(slot, true);
  }

  /** Like load, from a stored record (FeatureTable.record). */
  loadRecord(record: Int32Array): boolean {
    const slot = this.allocate();
    if (!this.table.setRecord(slot, record) || this.slotOf.has(this.table.id(slot))) {
      this.free.push(slot);
      return false;
    }
    this.slotOf.set(this.table.id(slot), slot);
    this.active[slot] = 1;
    this.index(slot, true);
    return true;
  }

  /** The stored record of a firm's features. */
  record(companyId: number): Int32Array {
    return this.table.record(this.slotOf.get(companyId)!);
  }

  exclude(a: number, b: number) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      let set = this.excluded.get(x);
      if (!set) this.excluded.set(x, (set = new Set()));
      set.add(y);
    }
  }

  isExcluded(a: number, b: number) {
    return this.excluded.get(a)?.has(b) ?? false;
  }

  /** Regions, complement and exclusions: whether the two slots may appear in each other's lists. */
  private eligible(a: number, b: number) {
    return this.table.eligible(a, b, this.rules) && !this.isExcluded(this.table.id(a), this.table.id(b));
  }

  // ---- computing one list ----

  private regionsOf(slot: number): number[] {
    if (this.region(slot) === ASEAN_REGION) return this.rules.aseanPairs ? [CHINA_REGION, ASEAN_REGION] : [CHINA_REGION];
    return [ASEAN_REGION];
  }

  /** Calls visit(b) once for each candidate of a: mutual ones, then (if `oneSided`) the rest. */
  private candidates(a: number, oneSided: boolean | (() => boolean), visit: (b: number) => void) {
    const stamp = ++this.stamp;
    const mark = this.mark;
    mark[a] = stamp;
    const t = this.table;
    const needs = bitsOf(t.needs(a));
    const provides = bitsOf(t.provides(a));
    const ca = t.country(a);
    const regions = this.regionsOf(a);
    const rules = this.rules;
    const each = (list: number[] | undefined) => {
      if (!list) return;
      for (let i = 0; i < list.length; i++) {
        const b = list[i];
        if (mark[b] === stamp) continue;
        mark[b] = stamp;
        if (!regionsMatch(ca, t.country(b), rules)) continue;
        visit(b);
      }
    };
    for (const r of regions) for (const n of needs) for (const p of provides) each(this.pairs.get((r * 32 + n) * 32 + p));
    if (typeof oneSided === "function" ? !oneSided() : !oneSided) return;
    for (const r of regions) {
      for (const n of needs) each(this.providers[r * 32 + n]);
      for (const p of provides) each(this.needers[r * 32 + p]);
    }
  }

  /**
   * The best partners of a slot, computed from the index: every mutual candidate is scored; the
   * one-sided ones (whose score is the symmetric part alone) only while the list has room or
   * its last entry scores at most ONE_SIDED_MAX. Written as plain loops: at 100,000 firms this
   * runs a hundred million times per rebuild.
   */
  private compute(a: number): List {
    const capacity = this.sizes.capacity;
    const slots: number[] = [];
    const scores: number[] = [];
    const t = this.table;
    const excluded = this.excluded.get(t.id(a));
    const stamp = ++this.stamp;
    const mark = this.mark;
    mark[a] = stamp;
    const needs = bitsOf(t.needs(a));
    const provides = bitsOf(t.provides(a));
    const ca = t.country(a);
    const regions = this.regionsOf(a);
    // Only ASEAN ↔ ASEAN can pair two firms of one country, which never match.
    const sameCountryPossible = regions.includes(ASEAN_REGION) && ca !== CN_INDEX;
    let n = 0;
    let worstScore = -1;
    let worstId = 0;

    const consider = (b: number, s: number) => {
      if (n === capacity && !before(s, t.id(b), worstScore, worstId)) return;
      if (excluded !== undefined && excluded.has(t.id(b))) return;
      let i = n === capacity ? n - 1 : n++;
      while (i > 0 && before(s, t.id(b), scores[i - 1], t.id(slots[i - 1]))) {
        slots[i] = slots[i - 1];
        scores[i] = scores[i - 1];
        i--;
      }
      slots[i] = b;
      scores[i] = s;
      worstScore = scores[n - 1];
      worstId = t.id(slots[n - 1]);
    };

    for (const r of regions) {
      for (const need of needs) {
        for (const p of provides) {
          const list = this.pairs.get((r * 32 + need) * 32 + p);
          if (list === undefined) continue;
          for (let i = 0; i < list.length; i++) {
            const b = list[i];
            if (mark[b] === stamp) continue;
            mark[b] = stamp;
            if (sameCountryPossible && t.country(b) === ca) continue;
            consider(b, t.score(a, b));
          }
        }
      }
    }
    if (n < capacity || worstScore <= ONE_SIDED_MAX) {
      // One side brings nothing: the score is the symmetric part alone (see FeatureTable.score).
      const oneSided = (list: number[]) => {
        for (let i = 0; i < list.length; i++) {
          const b = list[i];
          if (mark[b] === stamp) continue;
          mark[b] = stamp;
          if (sameCountryPossible && t.country(b) === ca) continue;
          const s = t.oneSidedScore(a, b);
          if (n === capacity && s < worstScore) continue;
          consider(b, s);
        }
      };
      for (const r of regions) {
        for (const need of needs) oneSided(this.providers[r * 32 + need]);
        for (const p of provides) oneSided(this.needers[r * 32 + p]);
      }
    }
    return { slots, scores, complete: n < capacity };
  }

  /** The same list by scoring every firm: the reference the index must agree with. */
  bruteForce(companyId: number, k: number): { ids: number[]; scores: number[] } {
    const a = this.slotOf.get(companyId);
    if (a === undefined) return { ids: [], scores: [] };
    const all: [number, number][] = [];
    for (const [id, b] of this.slotOf) if (this.eligible(a, b)) all.push([id, this.table.score(a, b)]);
    all.sort((x, y) => (before(x[1], x[0], y[1], y[0]) ? -1 : 1));
    const top = all.slice(0, k);
    return { ids: top.map((e) => e[0]), scores: top.map((e) => e[1]) };
  }

  // ---- the lists ----

  list(companyId: number): { ids: number[]; scores: number[]; complete: boolean } | null {
    const slot = this.slotOf.get(companyId);
    const list = slot === undefined ? undefined : this.lists[slot];
    if (!list) return null;
    return { ids: list.slots.map((s) => this.table.id(s)), scores: [...list.scores], complete: list.complete };
  }

  private touch(owner: number) {
    if (this.changed.has(owner)) return;
    const list = this.lists[owner];
    this.changed.set(owner, list ? list.slots.slice(0, LIST_SHOWN).map((s) => this.table.id(s)) : []);
  }

  private setList(owner: number, list: List) {
    this.touch(owner);
    const old = this.lists[owner];
    if (old) for (const s of old.slots) this.unlink(s, owner);
    this.lists[owner] = list;
    for (const s of list.slots) (this.containedIn[s] ??= []).push(owner);
  }

  private unlink(slot: number, owner: number) {
    const owners = this.containedIn[slot];
    if (!owners) return;
    const i = owners.lastIndexOf(owner);
    if (i >= 0) {
      owners[i] = owners[owners.length - 1];
      owners.pop();
    }
  }

  /** Restores a stored list (ids best first), e.g. read from the database at start. */
  restoreList(companyId: number, entries: { ids: number[]; scores: number[]; complete: boolean }) {
    const owner = this.slotOf.get(companyId);
    if (owner === undefined) return;
    const slots: number[] = [];
    const scores: number[] = [];
    entries.ids.forEach((id, i) => {
      const s = this.slotOf.get(id);
      if (s !== undefined) {
        slots.push(s);
        scores.push(entries.scores[i]);
      }
    });
    const old = this.lists[owner];
    if (old) for (const s of old.slots) this.unlink(s, owner);
    this.lists[owner] = { slots, scores, complete: entries.complete };
    for (const s of slots) (this.containedIn[s] ??= []).push(owner);
  }

  /** Recomputes every list from the index: each mutual pair is scored once, for both sides. */
  rebuildAll() {
    const heaps = new Heaps(this.used, this.sizes.capacity);
    const owners = this.slots();
    this.mutualPass(owners, heaps);
    this.oneSidedPass(owners, heaps);
    this.restoreHeaps(heaps);
  }

  /**
   * Pass 1 of a full rebuild, for some owners: every mutual candidate b of an owner a with
   * b > a is scored once and offered to both heaps (the pair is found again from b's side, so
   * pairs with b < a are left to it). After every owner's pass 1 (on any thread, heaps merged),
   * each heap holds the best mutual partners.
   */
  mutualPass(owners: Iterable<number>, heaps: Heaps) {
    const t = this.table;
    const mark = this.mark;
    for (const a of owners) {
      const stamp = ++this.stamp;
      mark[a] = stamp;
      const needs = bitsOf(t.needs(a));
      const provides = bitsOf(t.provides(a));
      const ca = t.country(a);
      const ida = t.id(a);
      const regions = this.regionsOf(a);
      const sameCountryPossible = regions.includes(ASEAN_REGION) && ca !== CN_INDEX;
      const excludedA = this.excluded.get(ida);
      for (const r of regions) {
        for (const need of needs) {
          for (const p of provides) {
            const list = this.pairs.get((r * 32 + need) * 32 + p);
            if (list === undefined) continue;
            for (let i = 0; i < list.length; i++) {
              const b = list[i];
              if (b <= a || mark[b] === stamp) continue;
              mark[b] = stamp;
              if (sameCountryPossible && t.country(b) === ca) continue;
              const s = t.score(a, b);
              const idb = t.id(b);
              const aTakes = heaps.wants(a, s, idb);
              const bTakes = heaps.wants(b, s, ida);
              if (!aTakes && !bTakes) continue;
              if (excludedA !== undefined && excludedA.has(idb)) continue;
              if (aTakes) heaps.insert(a, b, s, idb, t);
              if (bTakes) heaps.insert(b, a, s, ida, t);
            }
          }
        }
      }
    }
  }

  /** Pass 2, after pass 1 of every owner: one-sided candidates for owners whose heap has room or ends low. */
  oneSidedPass(owners: Iterable<number>, heaps: Heaps) {
    const t = this.table;
    const mark = this.mark;
    const capacity = heaps.capacity;
    for (const a of owners) {
      if (heaps.length[a] === capacity && heaps.worstScore[a] > ONE_SIDED_MAX) continue;
      heaps.searched[a] = 1;
      const stamp = ++this.stamp;
      mark[a] = stamp;
      const needs = bitsOf(t.needs(a));
      const provides = bitsOf(t.provides(a));
      const ca = t.country(a);
      const regions = this.regionsOf(a);
      const sameCountryPossible = regions.includes(ASEAN_REGION) && ca !== CN_INDEX;
      const excludedA = this.excluded.get(t.id(a));
      const provideMask = t.provides(a);
      const needMask = t.needs(a);
      const visit = (list: number[]) => {
        for (let i = 0; i < list.length; i++) {
          const b = list[i];
          if (mark[b] === stamp) continue;
          mark[b] = stamp;
          if (sameCountryPossible && t.country(b) === ca) continue;
          // Mutual candidates were all offered in pass 1.
          if ((needMask & t.provides(b)) !== 0 && (t.needs(b) & provideMask) !== 0) continue;
          const s = t.oneSidedScore(a, b);
          const idb = t.id(b);
          if (!heaps.wants(a, s, idb)) continue;
          if (excludedA !== undefined && excludedA.has(idb)) continue;
          heaps.insert(a, b, s, idb, t);
        }
      };
      for (const r of regions) {
        for (const need of needs) visit(this.providers[r * 32 + need]);
        for (const p of provides) visit(this.needers[r * 32 + p]);
      }
    }
  }

  /** Makes the heaps of a full rebuild the engine's lists. */
  restoreHeaps(heaps: Heaps) {
    this.lists = [];
    this.containedIn = [];
    const k = heaps.capacity;
    for (const owner of this.slotOf.values()) {
      const n = heaps.length[owner];
      const slots: number[] = new Array(n);
      const scores: number[] = new Array(n);
      for (let i = 0; i < n; i++) {
        slots[i] = heaps.slots[owner * k + i];
        scores[i] = heaps.scores[owner * k + i];
      }
      this.lists[owner] = { slots, scores, complete: n < k && heaps.searched[owner] === 1 };
      for (const s of slots) (this.containedIn[s] ??= []).push(owner);
    }
    this.clearChanges();
  }

  /** Slot numbers of every firm (for splitting work between threads). */
  slots(): number[] {
    return [...this.slotOf.values()];
  }

  private removeEntry(owner: number, b: number) {
    const list = this.lists[owner]!;
    const i = list.slots.indexOf(b);
    if (i < 0) return;
    this.touch(owner);
    list.slots.splice(i, 1);
    list.scores.splice(i, 1);
    this.unlink(b, owner);
    if (!list.complete && list.slots.length < this.sizes.min) this.setList(owner, this.compute(owner));
  }

  /** b's score in owner's list changed to s (b is in the list). */
  private updateEntry(owner: number, b: number, s: number) {
    const list = this.lists[owner]!;
    const t = this.table;
    const i = list.slots.indexOf(b);
    const n = list.slots.length;
    // The partner changed: even at the same score its reasons may have, so the list is rewritten.
    this.touch(owner);
    if (list.scores[i] === s) return;
    // Everything outside the list ranks below its last entry as it was before this change.
    const boundaryScore = list.scores[n - 1];
    const boundaryId = t.id(list.slots[n - 1]);
    list.slots.splice(i, 1);
    list.scores.splice(i, 1);
    const staysAbove = before(s, t.id(b), boundaryScore, boundaryId) || (boundaryId === t.id(b) && s >= boundaryScore);
    if (list.complete || staysAbove) {
      this.insertSorted(list, b, s);
    } else {
      this.unlink(b, owner);
      if (list.slots.length < this.sizes.min) this.setList(owner, this.compute(owner));
    }
  }

  private insertSorted(list: List, b: number, s: number) {
    const t = this.table;
    let j = list.slots.length;
    while (j > 0 && before(s, t.id(b), list.scores[j - 1], t.id(list.slots[j - 1]))) j--;
    list.slots.splice(j, 0, b);
    list.scores.splice(j, 0, s);
  }

  /** b (not in owner's list) now scores s with owner: it enters if it ranks high enough. */
  private offer(owner: number, b: number, s: number) {
    const list = this.lists[owner];
    if (!list) return;
    const t = this.table;
    const n = list.slots.length;
    if (!list.complete && (n === 0 || !before(s, t.id(b), list.scores[n - 1], t.id(list.slots[n - 1])))) return;
    this.touch(owner);
    this.insertSorted(list, b, s);
    (this.containedIn[b] ??= []).push(owner);
    if (list.slots.length > this.sizes.capacity) {
      const last = list.slots.pop()!;
      list.scores.pop();
      this.unlink(last, owner);
      list.complete = false;
    }
  }

  /** A firm was added, changed or became visible: its list, and every list it enters, moves in or leaves. */
  upsert(features: Features) {
    let slot = this.slotOf.get(features.id);
    if (slot !== undefined) this.index(slot, false);
    else {
      slot = this.allocate();
      this.slotOf.set(features.id, slot);
    }
    this.table.set(slot, features);
    this.active[slot] = 1;
    this.index(slot, true);
    const me = slot;
    this.setList(me, this.compute(me));
    const seen = new Set<number>();
    for (const owner of [...(this.containedIn[me] ?? [])]) {
      seen.add(owner);
      if (!this.lists[owner]) continue;
      if (this.eligible(owner, me)) this.updateEntry(owner, me, this.table.score(owner, me));
      else this.removeEntry(owner, me);
    }
    this.candidates(me, true, (x) => {
      if (seen.has(x) || !this.lists[x] || this.isExcluded(this.table.id(me), this.table.id(x))) return;
      this.offer(x, me, this.table.score(x, me));
    });
  }

  /** A firm is gone from matching (suspended, hidden, deleted): out of the index and every list. */
  remove(companyId: number) {
    const slot = this.slotOf.get(companyId);
    if (slot === undefined) return;
    this.index(slot, false);
    this.active[slot] = 0;
    const own = this.lists[slot];
    if (own) for (const s of own.slots) this.unlink(s, slot);
    this.changed.delete(slot);
    this.dropped.set(companyId, own ? own.slots.slice(0, LIST_SHOWN).map((s) => this.table.id(s)) : []);
    this.lists[slot] = undefined;
    // Make the slot unmatchable before lists refill, then take it out of each list that holds it.
    this.table.clear(slot);
    for (const owner of [...(this.containedIn[slot] ?? [])]) if (this.lists[owner]) this.removeEntry(owner, slot);
    this.containedIn[slot] = undefined;
    this.slotOf.delete(companyId);
    this.free.push(slot);
  }

  /** The partners a firm must never be matched with, as the engine knows them. */
  exclusionsOf(companyId: number): Set<number> {
    return new Set(this.excluded.get(companyId) ?? []);
  }

  /** An exclusion is lifted (staff undid a hidden match): the pair may enter each other's lists again. */
  includePair(a: number, b: number) {
    this.excluded.get(a)?.delete(b);
    this.excluded.get(b)?.delete(a);
    const sa = this.slotOf.get(a);
    const sb = this.slotOf.get(b);
    if (sa === undefined || sb === undefined || !this.eligible(sa, sb)) return;
    const s = this.table.score(sa, sb);
    if (!this.lists[sa]?.slots.includes(sb)) this.offer(sa, sb, s);
    if (!this.lists[sb]?.slots.includes(sa)) this.offer(sb, sa, s);
  }

  /** A pair that must never be matched again (a dismissal, a declined introduction). */
  excludePair(a: number, b: number) {
    this.exclude(a, b);
    const sa = this.slotOf.get(a);
    const sb = this.slotOf.get(b);
    if (sa === undefined || sb === undefined) return;
    if (this.lists[sa]?.slots.includes(sb)) this.removeEntry(sa, sb);
    if (this.lists[sb]?.slots.includes(sa)) this.removeEntry(sb, sa);
  }

  /**
   * The lists changed since the last call (owner id → ids it showed before), and the firms whose
   * lists were dropped. The store writes exactly these.
   */
  takeChanges(): { changed: Map<number, number[]>; dropped: Map<number, number[]> } {
    const changed = new Map<number, number[]>();
    for (const [slot, shown] of this.changed) if (this.active[slot]) changed.set(this.table.id(slot), shown);
    const dropped = this.dropped;
    this.changed = new Map();
    this.dropped = new Map();
    return { changed, dropped };
  }

  /** Forget pending changes (after a full rebuild that writes everything anyway). */
  clearChanges() {
    this.changed = new Map();
    this.dropped = new Map();
  }

  /** The reasons code of one entry, from the owner's side. */
  encode(ownerId: number, partnerId: number) {
    return this.table.encode(this.slotOf.get(ownerId)!, this.slotOf.get(partnerId)!);
  }

  score(aId: number, bId: number) {
    return this.table.score(this.slotOf.get(aId)!, this.slotOf.get(bId)!);
  }
}

/**
 * The order in which a full rebuild fills the table: by region, then what firms provide and
 * need, then id. Returns the given slots of `table` sorted.
 */
export function clusterOrder(slots: number[], table: FeatureTable): number[] {
  const key = (slot: number) => [table.country(slot) === CN_INDEX ? 0 : 1, table.provides(slot) >>> 0, table.needs(slot) >>> 0, table.id(slot)];
  const keyed = slots.map((slot) => ({ slot, k: key(slot) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < 4; i++) if (x.k[i] !== y.k[i]) return x.k[i] - y.k[i];
    return 0;
  });
  return keyed.map((e) => e.slot);
}

/**
 * The partial lists of a full rebuild, flat: for each slot up to `capacity` partners, best first,
 * with the last entry's score and id kept apart so that most offers are refused by one read.
 * Backed by shared memory when threads fill it.
 */
export class Heaps {
  readonly slots: Int32Array;
  readonly scores: Int16Array;
  readonly length: Uint8Array;
  readonly worstScore: Int16Array;
  readonly worstId: Int32Array;
  /** Whether the one-sided pass looked at the slot (its list is then complete if not full). */
  readonly searched: Uint8Array;

  constructor(
    readonly count: number,
    readonly capacity: number,
    shared = false,
  ) {
    const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    this.slots = new Int32Array(buffer(count * capacity * 4));
    this.scores = new Int16Array(buffer(count * capacity * 2));
    this.length = new Uint8Array(buffer(count));
    this.worstScore = new Int16Array(buffer(count * 2));
    this.worstId = new Int32Array(buffer(count * 4));
    this.searched = new Uint8Array(buffer(count));
  }

  /** The same memory, seen from another thread. */
  static over(h: Pick<Heaps, "count" | "capacity" | "slots" | "scores" | "length" | "worstScore" | "worstId" | "searched">): Heaps {
    const heaps = Object.create(Heaps.prototype) as Heaps;
    Object.assign(heaps, h);
    return heaps;
  }

  wants(owner: number, score: number, id: number): boolean {
    return this.length[owner] < this.capacity || before(score, id, this.worstScore[owner], this.worstId[owner]);
  }

  insert(owner: number, b: number, score: number, id: number, table: FeatureTable) {
    const k = this.capacity;
    const base = owner * k;
    let n = this.length[owner];
    let i = n === k ? k - 1 : n++;
    while (i > 0 && before(score, id, this.scores[base + i - 1], table.id(this.slots[base + i - 1]))) {
      this.slots[base + i] = this.slots[base + i - 1];
      this.scores[base + i] = this.scores[base + i - 1];
      i--;
    }
    this.slots[base + i] = b;
    this.scores[base + i] = score;
    this.length[owner] = n;
    this.worstScore[owner] = this.scores[base + n - 1];
    this.worstId[owner] = table.id(this.slots[base + n - 1]);
  }

  /** Merges another thread's heaps of the same slots into these. */
  merge(other: Heaps, table: FeatureTable) {
    const k = this.capacity;
    for (let owner = 0; owner < this.count; owner++) {
      const n = other.length[owner];
      for (let i = 0; i < n; i++) {
        const b = other.slots[owner * k + i];
        const s = other.scores[owner * k + i];
        const id = table.id(b);
        if (!this.wants(owner, s, id)) break;
        this.insert(owner, b, s, id, table);
      }
    }
  }
}
