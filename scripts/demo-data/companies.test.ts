// The demo's firms read like real ones: each has its own name, without a number after it, and
// a sentence that ends on a name ends with one period (generator used by the seed and benchmarks).
import { describe, expect, it } from "vitest";
import { generateCompanies } from "./companies";

describe("generated companies", () => {
  const firms = generateCompanies({ count: 12_000, seed: 42, prefix: "names" });

  it("have unique names, none with a numeric suffix", () => {
    const names = firms.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => /\d/.test(n))).toEqual([]);
  });

  it("have no double periods, and no name ends in a period a sentence would double", () => {
    const texts = firms.flatMap((c) => [c.name, c.localName ?? "", c.description ?? ""]);
    expect(texts.filter((text) => text.includes(".."))).toEqual([]);
    expect(firms.filter((c) => /\.$|\s{2}|^\s|\s$/.test(c.name)).map((c) => c.name)).toEqual([]);
  });

  it("are the same for the same seed", () => {
    expect(generateCompanies({ count: 500, seed: 42, prefix: "names" })).toEqual(firms.slice(0, 500));
  });
});
