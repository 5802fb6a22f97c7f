// A seeded pseudo-random generator for demo and synthetic data: the same data on every machine.

/** mulberry32: small, fast, the same sequence on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const n = Math.min(list.length, min + int(max - min + 1));
    const pool = [...list];
    const out: T[] = [];
    while (out.length < n) out.push(pool.splice(int(pool.length), 1)[0]);
    return out;
  };
  return { next, int, pick, some };
}
