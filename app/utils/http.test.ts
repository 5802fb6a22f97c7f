import { describe, expect, it } from "vitest";
import { notFound, parseRouteId } from "./http";

async function thrown(fn: () => unknown): Promise<Response> {
  try {
    fn();
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
  throw new Error("did not throw");
}

describe("notFound", () => {
  it("is the 404 the routes answered with before, which the error page translates", async () => {
    const res = notFound();
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("Not found");
  });
});

describe("parseRouteId", () => {
  it("reads ids written canonically", () => {
    expect(parseRouteId("1")).toBe(1);
    expect(parseRouteId("12")).toBe(12);
    expect(parseRouteId("2147483648")).toBe(2147483648);
    expect(parseRouteId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ["leading zero", "007"],
    ["zero", "0"],
    ["negative", "-1"],
    ["plus sign", "+1"],
    ["exponent", "1e3"],
    ["decimal", "1.0"],
    ["hex", "0x10"],
    ["spaces", " 1"],
    ["trailing space", "1 "],
    ["empty", ""],
    ["words", "abc"],
    ["over the safe range", "9007199254740993"],
    ["huge", "9".repeat(400)],
    ["Infinity", "Infinity"],
    ["missing", undefined],
  ])("answers 404 for %s", async (_name, param) => {
    const res = await thrown(() => parseRouteId(param));
    expect(res.status).toBe(404);
  });
});
