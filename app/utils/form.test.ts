import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, readForm } from "./form";

describe("parseForm", () => {
  it("returns data, or field errors by name", () => {
    const schema = z.strictObject({ a: z.string().min(2, { error: "too.short" }), tags: z.array(z.string()) });
    const good = new FormData();
    good.append("a", "ok");
    good.append("tags", "x");
    good.append("tags", "y");
    expect(parseForm(schema, good)).toEqual({ ok: true, data: { a: "ok", tags: ["x", "y"] }, values: { a: "ok", tags: "x" } });
    const bad = new FormData();
    bad.append("a", "x");
    bad.append("tags", "x");
    bad.append("tags", "y");
    const r = parseForm(schema, bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.fieldErrors.a).toEqual(["too.short"]);
  });

  it("has one error shape: field errors by name and errors of the whole form, as keys", () => {
    const schema = z.strictObject({ email: z.string().min(1, { error: "errors.email.required" }) });
    const form = new FormData();
    form.append("email", "");
    form.append("extra", "1");
    const r = parseForm(schema, form);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors).sort()).toEqual(["fieldErrors", "formErrors"]);
      expect(r.errors.fieldErrors.email).toEqual(["errors.email.required"]);
      expect(r.errors.formErrors).toHaveLength(1);
    }
  });

  it("echoes what was sent, refused or not: the first text value of each field, no files, no prototype", () => {
    const schema = z.strictObject({ name: z.string().min(5, { error: "too.short" }) });
    const form = new FormData();
    form.append("name", "Ann");
    form.append("name", "second");
    form.append("upload", new File(["secret"], "a.txt"));
    form.append("__proto__", "p");
    form.append("toString", "t");
    const r = parseForm(schema, form);
    expect(r.ok).toBe(false);
    expect(Object.entries(r.values)).toEqual([
      ["name", "Ann"],
      ["__proto__", "p"],
      ["toString", "t"],
    ]);
    expect(Object.getPrototypeOf(r.values)).toBeNull();
    expect("upload" in r.values).toBe(false);
    const ok = new FormData();
    ok.append("name", "Annabel");
    expect(parseForm(schema, ok).values.name).toBe("Annabel");
  });
});

// Found by fuzzing (tests/fuzz): hostile bodies and field names.
describe("hostile forms", () => {
  it("refuse a field named __proto__ as unknown, even holding a file (it was the prototype, and reading `name` threw)", () => {
    const schema = z.strictObject({ name: z.string().optional(), email: z.string() });
    const form = new FormData();
    form.append("email", "a@b.example");
    form.append("__proto__", new File(["x"], "Mallory"));
    const r = parseForm(schema, form);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.formErrors.join(" ")).toContain("__proto__");
  });

  it("answer a body that is no form with a 400 Response, not a crash", async () => {
    const post = (contentType: string, body: string) => new Request("http://bridge.test/x", { method: "POST", headers: { "content-type": contentType }, body });
    for (const request of [post("multipart/form-data; boundary=XyZ", "garbage"), post("multipart/form-data", ""), post("application/json", "{}")]) {
      const thrown = await readForm(request).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(400);
    }
    const ok = new Request("http://bridge.test/x", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=%FF" });
    expect((await readForm(ok)).get("a")).toBe("\uFFFD");
  });
});
