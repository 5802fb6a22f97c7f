// Hostile files for the bulk import (docs/spec/import-and-cli.md), through the module the
// command line calls and through both web routes staff upload to. For every case: no throw and
// no 500; a refused file leaves the database exactly as it was and says why (the file, or each
// bad row with its number and field); an accepted file is stored exactly as checked, names in
// every script read back NFC-equal.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { companies } from "../../db/schema";
import { getDb } from "~/db.server";
import { getListing } from "~/modules/companies/listing.server";
import { IMPORT_JOB, importTask, uploadDir } from "~/modules/companies/import-job.server";
import { claimJob, getJob } from "~/modules/jobs/jobs.server";
import { checkImportFile, formatImportFileError, formatImportIssue, IMPORT_FIELDS, runImport, type ImportResult } from "~/modules/companies/import.server";
import { LIST_FIELDS, type Profile } from "~/modules/companies/schemas";
import en from "~/modules/i18n/locales/en.json";
import { getT } from "~/modules/i18n/locales.server";
import { action as pageAction } from "~/routes/admin.import";
import { action as uploadAction } from "~/routes/admin.import.upload";
import { ctx, ORIGIN, signedIn } from "../factories";
import { extraField, hostileShortText, hostileString, invalidUtf8, validProfile, wrongType } from "./arbitraries";
import { dbState, quietSession, type DbState } from "./db-state";
import { answerOf } from "./requests";

const t = getT("en");

// ---- what a file holds ----

type Mutation =
  | { kind: "hostile" | "wrongType" | "extra"; field: string; value: unknown }
  | { kind: "delete"; field: string }
  | { kind: "listItem"; field: string; value: string };

const TEXT_FIELDS = ["name", "localName", "city", "website", "description", "contactName", "contactEmail"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("hostile" as const), field: fc.constantFrom(...IMPORT_FIELDS), value: hostileString }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("hostile" as const), field: fc.constantFrom(...TEXT_FIELDS), value: hostileShortText }) },
  fc.record({ kind: fc.constant("wrongType" as const), field: fc.constantFrom(...IMPORT_FIELDS), value: wrongType }),
  fc.record({ kind: fc.constant("delete" as const), field: fc.constantFrom(...IMPORT_FIELDS) }),
  fc.record({ kind: fc.constant("extra" as const), field: extraField, value: hostileString }),
  fc.record({ kind: fc.constant("listItem" as const), field: fc.constantFrom(...LIST_FIELDS), value: hostileString }),
);

/** One company of a file, and whether it is still the valid profile it was generated as. */
type Row = { value: unknown; pristine: boolean; profile: Record<string, string | string[]> };

const row: fc.Arbitrary<Row> = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9._-]{1,24}$/),
    validProfile,
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
    fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: wrongType }),
  )
  .map(([externalId, profile, mutations, notAnObject]) => {
    if (notAnObject !== null) return { value: notAnObject, pristine: false, profile };
    // Own properties even for "__proto__" and "constructor", as JSON.parse makes them.
    const value: Record<string, unknown> = Object.create(null);
    Object.assign(value, { externalId }, profile);
    for (const m of mutations) {
      if (m.kind === "delete") delete value[m.field];
      else if (m.kind === "listItem") value[m.field] = [...(Array.isArray(value[m.field]) ? (value[m.field] as unknown[]) : []), m.value];
      else Object.defineProperty(value, m.field, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
    return { value: { ...value }, pristine: mutations.length === 0, profile: { externalId, ...profile } };
  });

type FileChange =
  | { kind: "none" | "bom" | "empty" | "tooLarge" }
  | { kind: "invalidUtf8"; bad: Uint8Array; at: number }
  | { kind: "truncate"; at: number }
  | { kind: "filename"; name: string }
  | { kind: "replace"; text: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const fileChange: fc.Arbitrary<FileChange> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("invalidUtf8" as const), bad: invalidUtf8, at: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fraction }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "empty" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "tooLarge" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("filename" as const),
      name: fc.constantFrom(
        "companies.txt",
        "companies",
        "companies.JSON",
        "companies.csv.exe",
        "../../etc/passwd",
        "co\u0000mpanies.json",
        "公司.csv",
        ".json",
        "C:\\data\\firms.csv",
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      text: fc.oneof(
        hostileString,
        fc.constantFrom(
          "null",
          "[]",
          '{"companies": {}}',
          '{"companies": "x"}',
          '{"companies": []}',
          '{"__proto__": {"companies": []}}',
          "externalId\n",
          '"unterminated',
        ),
      ),
    }),
  },
);

const importCase = fc.record({
  format: fc.constantFrom("json" as const, "csv" as const),
  rows: fc.array(row, { minLength: 1, maxLength: 4 }),
  change: fileChange,
  status: fc.constantFrom("approved" as const, "pending" as const),
});
type ImportCase = typeof importCase extends fc.Arbitrary<infer T> ? T : never;

const utf8 = new TextEncoder();

function csvCell(value: unknown): string {
  const text = Array.isArray(value)
    ? value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(";")
    : typeof value === "string"
      ? value
      : (JSON.stringify(value) ?? "");
  return `"${text.replace(/"/g, '""')}"`;
}

function fileText(c: ImportCase): string {
  if (c.format === "json") return JSON.stringify({ companies: c.rows.map((r) => r.value) });
  const header: string[] = [];
  for (const r of c.rows)
    if (r.value && typeof r.value === "object" && !Array.isArray(r.value)) for (const k of Object.keys(r.value)) if (!header.includes(k)) header.push(k);
  if (header.length === 0) header.push("externalId");
  const lines = c.rows.map((r) =>
    header.map((h) => (r.value && typeof r.value === "object" ? csvCell((r.value as Record<string, unknown>)[h]) : csvCell(r.value))).join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

/** The file as bytes, with its name and the size limit it is checked against. */
function fileOf(c: ImportCase): { bytes: Uint8Array; filename: string; maxBytes?: number } {
  const filename = `companies.${c.format}`;
  const text = fileText(c);
  const bytes = utf8.encode(text);
  switch (c.change.kind) {
    case "none":
      return { bytes, filename };
    case "bom":
      return { bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]), filename };
    case "empty":
      return { bytes: new Uint8Array(), filename };
    case "tooLarge":
      return { bytes, filename, maxBytes: Math.max(0, bytes.length - 1) };
    case "filename":
      return { bytes, filename: c.change.name };
    case "replace":
      return { bytes: utf8.encode(c.change.text), filename };
    case "truncate":
      return { bytes: bytes.subarray(0, Math.floor(c.change.at * bytes.length)), filename };
    case "invalidUtf8": {
      // Spliced in at a character boundary, so the bytes around it stay whole characters.
      const chars = [...text];
      const at = Math.floor(c.change.at * chars.length);
      const head = utf8.encode(chars.slice(0, at).join(""));
      const tail = utf8.encode(chars.slice(at).join(""));
      return { bytes: new Uint8Array([...head, ...c.change.bad, ...tail]), filename };
    }
  }
}

// ---- what must hold of every answer ----

const KEYS = new Set(Object.keys(en));

function storedProfile(externalId: string) {
  const db = getDb();
  const company = db.select({ id: companies.id, draft: companies.draft }).from(companies).where(eq(companies.externalId, externalId)).get();
  // The profile awaiting review (written from a parsed Profile), else the listing.
  return company ? ((company.draft as Profile | null) ?? getListing(db, { companyId: company.id })) : null;
}

/** Code lists are sets: the listing reads them back in its own order. */
function sortedLists<T extends object | null>(profile: T): T {
  if (!profile) return profile;
  const out: Record<string, unknown> = { ...profile };
  for (const f of LIST_FIELDS) if (Array.isArray(out[f])) out[f] = [...(out[f] as string[])].sort();
  return out as T;
}

/** A refusal that tells the importer what is wrong: a known message, and each bad row by number and field. */
function expectClearRefusal(result: Extract<ImportResult, { ok: false }>, rowCount: number) {
  if (result.fileError) {
    expect(KEYS.has(result.fileError.key), result.fileError.key).toBe(true);
    const text = formatImportFileError(result.fileError, t);
    expect(text).not.toMatch(/\{\w+\}/);
    expect(result.issues).toEqual([]);
    return;
  }
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(KEYS.has(issue.key), issue.key).toBe(true);
    expect(Number.isInteger(issue.row)).toBe(true);
    // JSON rows count from 0; CSV rows are lines, the header being line 1.
    expect(issue.row).toBeGreaterThanOrEqual(0);
    expect(issue.row).toBeLessThan(rowCount * 50 + 2);
    const text = formatImportIssue(issue, t);
    expect(text.startsWith(`row ${issue.row}`)).toBe(true);
    if (issue.field) expect(text).toContain(`: ${issue.field}: `);
    expect(text).not.toMatch(/\{\w+\}/);
  }
}

/** The file was imported: every row stored exactly as the check accepted it; valid profiles as generated, NFC. */
function expectStoredExactly(file: { bytes: Uint8Array; filename: string }, c: ImportCase, result: Extract<ImportResult, { ok: true }>) {
  const checked = checkImportFile(file);
  if (!checked.ok) throw new Error("an imported file fails its own check");
  expect(result.imported).toBe(checked.rows.length);
  for (const { externalId, ...profile } of checked.rows) expect(sortedLists(storedProfile(externalId))).toEqual(sortedLists(profile));
  if (c.change.kind !== "none" && c.change.kind !== "bom") return;
  for (const r of c.rows.filter((r) => r.pristine)) {
    const p = r.profile;
    const stored = storedProfile(p.externalId as string)!;
    const nfc = (s: string | string[] | undefined) => (typeof s === "string" ? s.normalize("NFC") : null);
    expect(stored.name).toBe(nfc(p.name));
    expect(stored.localName).toBe(nfc(p.localName));
    expect(stored.city).toBe(nfc(p.city));
    expect(stored.description).toBe(nfc(p.description));
    expect(stored.country).toBe(p.country);
    expect([...stored.sectors].sort()).toEqual([...p.sectors].sort());
    expect([...stored.offers].sort()).toEqual([...p.offers].sort());
    expect([...stored.needs].sort()).toEqual([...p.needs].sort());
    expect([...stored.partnershipTypes].sort()).toEqual([...p.partnershipTypes].sort());
  }
}

function expectOutcome(c: ImportCase, file: { bytes: Uint8Array; filename: string }, result: ImportResult, before: DbState, after: DbState) {
  if (!result.ok) {
    expect(after).toEqual(before);
    expectClearRefusal(result, c.rows.length);
    // The spec: a file that is not UTF-8 is refused as such, never stored with replacement characters.
    if (c.change.kind === "invalidUtf8") expect(result.fileError?.key).toBe("import.errors.notUtf8");
    return;
  }
  expect(c.change.kind).not.toBe("invalidUtf8");
  expectStoredExactly(file, c, result);
}

describe("import fuzz", () => {
  let staff: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    staff = await signedIn({ role: "staff" });
    quietSession(staff.session.id);
  });

  it("runImport (the command line's door; the web's job checks and writes the same way): refuses clearly and whole, or stores exactly", () => {
    fc.assert(
      fc.property(importCase, (c) => {
        const file = fileOf(c);
        const before = dbState();
        const result = runImport({ ...file, status: c.status });
        expectOutcome(c, file, result, before, dbState());
      }),
    );
  }, 120_000);

  // The two routes staff upload to: the page's own (without JavaScript) and the upload with progress.
  const formCase = fc.record({
    file: importCase,
    route: fc.constantFrom("page" as const, "upload" as const),
    status: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("approved", "pending", undefined) }, { weight: 2, arbitrary: hostileString }),
    extra: fc.oneof(
      { weight: 8, arbitrary: fc.constant([]) },
      { weight: 2, arbitrary: fc.array(fc.tuple(extraField, hostileString), { minLength: 1, maxLength: 2 }) },
    ),
    body: fc.oneof(
      { weight: 17, arbitrary: fc.constant({ kind: "multipart" as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: "noFile" as const }) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant("raw" as const),
          contentType: fc.constantFrom(
            "multipart/form-data; boundary=XyZ",
            "multipart/form-data",
            "application/json",
            "text/csv",
            "application/x-www-form-urlencoded",
          ),
          bytes: fc.oneof(
            fc.uint8Array({ maxLength: 200 }),
            hostileString.map((s) => utf8.encode(`--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${s}`)),
          ),
        }),
      },
    ),
  });

  it("the upload routes: never a 500, a 4xx with the reasons, or the file stored exactly", async () => {
    await fc.assert(
      fc.asyncProperty(formCase, async (f) => {
        // The routes take the app's own size limit: a small limit is the module test's case.
        const { bytes, filename } = fileOf(f.file);
        const file = { bytes, filename };
        const path = f.route === "page" ? "/admin/import" : "/admin/import/upload";
        const headers: Record<string, string> = { host: new URL(ORIGIN).host, origin: ORIGIN, cookie: staff.cookie };
        let body: FormData | Uint8Array<ArrayBuffer>;
        if (f.body.kind === "raw") {
          headers["content-type"] = f.body.contentType;
          body = new Uint8Array(f.body.bytes);
        } else {
          body = new FormData();
          if (f.body.kind === "multipart") body.append("file", new File([new Uint8Array(file.bytes)], file.filename));
          if (f.status !== undefined) body.append("status", f.status);
          for (const [k, v] of f.extra) body.append(k, v);
        }
        const request = new Request(`${ORIGIN}${path}`, { method: "POST", headers, body });
        const before = dbState();
        const answer = await answerOf<{ result: ImportResult }>(() =>
          f.route === "page" ? pageAction({ request, ...ctx() }) : uploadAction({ request, ...ctx() }),
        );
        expect(answer.status).toBeLessThan(500);
        // A refused form: the page answers with its data, the upload with the result as JSON; a thrown 4xx with a text.
        const refusal: ImportResult | null =
          answer.status === 400
            ? (answer.data?.result ?? (f.route === "upload" && answer.body?.startsWith("{") ? (JSON.parse(answer.body) as ImportResult) : null))
            : null;
        if (answer.status >= 400 && !refusal) expect(answer.body?.length).toBeGreaterThan(0);
        const status = answer.status;
        const wellFormed = f.body.kind === "multipart" && (f.status === undefined || f.status === "approved" || f.status === "pending") && f.extra.length === 0;
        if (!wellFormed) {
          expect(status).toBeGreaterThanOrEqual(400);
          expect(dbState()).toEqual(before);
          if (refusal && !refusal.ok) expectClearRefusal(refusal, 1);
          return;
        }
        const c = { ...f.file, status: ((f.status as "pending" | undefined) ?? "approved") as "approved" | "pending" };
        if (refusal) {
          // Refused before anything was queued (a file of no known format).
          expect(status).toBe(400);
          expectOutcome(c, file, refusal, before, dbState());
          return;
        }
        // Accepted: a job is queued (the page redirects to it, the upload names it) and nothing else
        // is written until it runs. It is run here, in this thread, as the runner's thread would.
        const jobId =
          f.route === "page" ? Number(/^\/admin\/jobs\/(\d+)$/.exec(answer.location ?? "")?.[1]) : (JSON.parse(answer.body!) as { jobId: number }).jobId;
        expect(status).toBe(f.route === "page" ? 302 : 202);
        const queued = dbState();
        expect(queued.rows).toEqual({ ...before.rows, jobs: before.rows.jobs + 1 });
        const job = claimJob({ owner: "fuzz", kinds: [IMPORT_JOB], leaseSeconds: 60 })!;
        expect(job.id).toBe(jobId);
        const result = importTask({ jobId, owner: "fuzz", payload: job.payload as never, dir: uploadDir() }, { progress: () => {} });
        expect(getJob({ id: jobId })).toMatchObject({ state: "done", result });
        // The job's own writes (queued, claimed, done) and, for a good file, the import's.
        expectOutcome(c, file, result, { changes: before.changes + 3, rows: queued.rows }, dbState());
      }),
    );
  }, 120_000);
});
