import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, safeRedirect } from "./form";

describe("safeRedirect", () => {
  it("keeps paths on this site and refuses everything else", () => {
    expect(safeRedirect("/account?x=1")).toBe("/account?x=1");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null, "/home")).toBe("/home");
  });
});

describe("parseForm", () => {
  it("returns data, or field errors by name", () => {
    const schema = z.strictObject({ a: z.string().min(2, { error: "too.short" }), tags: z.array(z.string()) });
    const good = new FormData();
    good.append("a", "ok");
    good.append("tags", "x");
    good.append("tags", "y");
    expect(parseForm(schema, good)).toEqual({ ok: true, data: { a: "ok", tags: ["x", "y"] } });
    const bad = new FormData();
    bad.append("a", "x");
    bad.append("tags", "x");
    bad.append("tags", "y");
    const r = parseForm(schema, bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.fieldErrors.a).toEqual(["too.short"]);
  });
});
