import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldError, parseForm, readForm } from "./form";

describe("parseForm", () => {
  it("returns data, or field errors by name", () => {
    const schema = z.strictObject({ a: z.string().min(2, { error: "too.short" }), tags: z.array(z.string()) });
    const good = new FormData();
    good.append("a", "ok");
    good.append("tags", "x");
    good.append("tags", "y");
    expect(parseForm(schema, good)).toEqual({ ok: true, data: { a: "ok", tags: ["x", "y"] }, values: { a: "ok", tags: "x" }, lists: { tags: ["x", "y"] } });
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

describe("the echo", () => {
  it("never carries a password back", () => {
    const schema = z.strictObject({ email: z.string(), password: z.string().min(99), newPassword: z.string() });
    const form = new FormData();
    form.append("email", "a@b.example");
    form.append("password", "hunter2");
    form.append("newPassword", "x");
    form.append("newPassword", "y");
    const r = parseForm(schema, form);
    expect(r.values).toEqual({ email: "a@b.example" });
    expect(r.lists).toEqual({});
  });
});

describe("errors with parameters", () => {
  it("carry a refinement's params for the field's first error, in the one shape", () => {
    const schema = z.strictObject({
      name: z.string().refine((s) => s.length <= 3, { error: "errors.company.tooLong", params: { max: 3 } }),
      city: z.string().min(1, { error: "errors.company.required" }),
    });
    const form = new FormData();
    form.append("name", "Too long");
    form.append("city", "");
    const r = parseForm(schema, form);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.fieldErrors).toEqual({ name: ["errors.company.tooLong"], city: ["errors.company.required"] });
      expect(r.errors.params).toEqual({ name: { max: 3 } });
    }
    expect(r.values).toEqual({ name: "Too long", city: "" });
  });

  it("fieldError carries params too; none means no params key", () => {
    expect(fieldError("email", "companies.team.dailyLimit", { limit: 5 })).toEqual({
      fieldErrors: { email: ["companies.team.dailyLimit"] },
      formErrors: [],
      params: { email: { limit: 5 } },
    });
    expect(Object.keys(fieldError("email", "x"))).toEqual(["fieldErrors", "formErrors"]);
  });

  it("a schema's module may read its issues itself (companies name unknown fields)", () => {
    const schema = z.strictObject({ a: z.string() });
    const form = new FormData();
    form.append("a", "1");
    form.append("b", "2");
    const r = parseForm(schema, form, { issues: () => [{ field: "b", key: "errors.company.unknownField", params: { value: "b" } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ fieldErrors: { b: ["errors.company.unknownField"] }, formErrors: [], params: { b: { value: "b" } } });
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
