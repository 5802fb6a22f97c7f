// Bulk import of companies from JSON or CSV (docs/spec/import-and-cli.md). The whole file is
// read and checked first; only a file without a single bad row is written, in one transaction.
import { parse as parseCsv } from "csv-parse/sync";
import { inArray } from "drizzle-orm";
import { companies } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { TFunction } from "~/modules/i18n/i18n";
import { sortKeyOf, upsertImportedCompany, writeSearch, type PendingSearch } from "./listing.server";
import { fieldIssues, importRowSchema, LIST_FIELDS, PROFILE_FIELDS, type ImportRow, type Profile } from "./schemas";

import { IMPORT_MAX_BYTES } from "./upload-limit";
import { nowSeconds } from "~/utils/time";

export { IMPORT_MAX_BYTES };

export const IMPORT_FIELDS = ["externalId", ...PROFILE_FIELDS] as const;
const REQUIRED_COLUMNS = ["externalId", "name", "country", "sectors", "offers", "needs"];

type ImportFormat = "json" | "csv";
export type ImportStatus = "approved" | "pending";
type Params = Record<string, string | number>;

/** One problem of one row: `row` is the CSV line where the record starts, or the JSON array index. */
type ImportIssue = { row: number; externalId: string | null; field: string; key: string; params: Params };
/** A problem of the whole file (unreadable, wrong format, too large, bad header). */
type ImportFileError = { key: string; params: Params };

type ImportCheck =
  { ok: true; rows: ImportRow[] } | { ok: false; fileError: ImportFileError; issues: [] } | { ok: false; fileError: null; issues: ImportIssue[] };

export type ImportResult =
  { ok: true; imported: number; created: number; updated: number } | { ok: false; fileError: ImportFileError | null; issues: ImportIssue[] };

export function formatFromFilename(filename: string): ImportFormat | null {
  const ext = filename.toLowerCase().split(".").pop();
  return ext === "json" ? "json" : ext === "csv" ? "csv" : null;
}

const fileError = (key: string, params: Params = {}): ImportCheck => ({ ok: false, fileError: { key, params }, issues: [] });

type RawRow = { row: number; value: unknown; issues: ImportIssue[] };

/** Reads and validates a whole file. Nothing is written. */
export function checkImportFile(input: { bytes: Uint8Array; filename: string; maxBytes?: number }): ImportCheck {
  const format = formatFromFilename(input.filename);
  if (!format) return fileError("import.errors.format");
  const maxBytes = input.maxBytes ?? IMPORT_MAX_BYTES;
  if (input.bytes.byteLength > maxBytes) return fileError("import.errors.tooLarge", { max: Math.round((maxBytes / 1024 / 1024) * 100) / 100 });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(input.bytes);
  } catch {
    return fileError("import.errors.notUtf8");
  }
  const raw = format === "json" ? readJson(text) : readCsv(text);
  if ("key" in raw) return { ok: false, fileError: raw, issues: [] };
  if (raw.length === 0) return fileError("import.errors.empty");
  return validateRows(raw);
}

function readJson(text: string): RawRow[] | ImportFileError {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { key: "import.errors.json", params: { detail: err instanceof Error ? err.message : String(err) } };
  }
  const list = doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as { companies?: unknown }).companies : undefined;
  if (!Array.isArray(list)) return { key: "import.errors.jsonShape", params: {} };
  return list.map((value, index) => ({ row: index, value, issues: [] }));
}

function readCsv(text: string): RawRow[] | ImportFileError {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parseCsv(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { key: "import.errors.csv", params: { line: line ?? "?", detail: err instanceof Error ? err.message : String(err) } };
  }
  if (records.length === 0) return [];
  const header = records[0].record.map((h) => h.trim());
  const known = new Set<string>(IMPORT_FIELDS);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length) return { key: "import.errors.unknownColumns", params: { columns: unknown.join(", ") } };
  const duplicate = header.find((h, i) => header.indexOf(h) !== i);
  if (duplicate) return { key: "import.errors.duplicateColumn", params: { column: duplicate } };
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { key: "import.errors.missingColumns", params: { columns: missing.join(", ") } };

  const lists = new Set<string>(LIST_FIELDS);
  const rows: RawRow[] = [];
  let previousEnd = records[0].info.lines;
  let previousEmpty = records[0].info.empty_lines;
  for (const { record, info } of records.slice(1)) {
    // A record may span several lines (quoted new lines): report the line where it starts.
    const row = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    const value: Record<string, unknown> = {};
    header.forEach((column, i) => {
      const cell = record[i];
      if (cell === undefined || cell.trim() === "") return;
      value[column] = lists.has(column)
        ? cell
            .split(";")
            .map((s) => s.trim())
            .filter(Boolean)
        : // What the export protected against spreadsheet formulas (export.server.ts) comes back as it was.
          cell.replace(/^'(?=[=+\-@\t\r])/, "");
    });
    const issues: ImportIssue[] =
      record.length !== header.length
        ? [{ row, externalId: null, field: "", key: "import.errors.fieldCount", params: { expected: header.length, found: record.length } }]
        : [];
    rows.push({ row, value, issues });
  }
  return rows;
}

function externalIdOf(value: unknown): string | null {
  const id = value && typeof value === "object" ? (value as { externalId?: unknown }).externalId : undefined;
  return typeof id === "string" && id.trim() ? id.trim().slice(0, 64) : null;
}

function validateRows(raw: RawRow[]): ImportCheck {
  const issues: ImportIssue[] = [];
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, value, issues: readIssues } of raw) {
    const externalId = externalIdOf(value);
    const before = issues.length;
    for (const i of readIssues) issues.push({ ...i, externalId });
    const parsed = importRowSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) for (const i of fieldIssues(parsed.error)) issues.push({ row, externalId, ...i });
    if (externalId !== null) {
      const first = seen.get(externalId);
      if (first !== undefined) {
        issues.push({ row, externalId, field: "externalId", key: "import.errors.duplicateExternalId", params: { row: first } });
      } else {
        seen.set(externalId, row);
      }
    }
    if (issues.length === before && parsed.success) rows.push(parsed.data);
  }
  return issues.length ? { ok: false, fileError: null, issues } : { ok: true, rows };
}

/**
 * Writes checked rows in one transaction: a company whose external id exists is updated,
 * any other is created. Imported companies have no users until someone claims them. The import
 * is one audit entry; `staffUserId` is null when it comes from the command line.
 */
export function importCompanies(input: { rows: ImportRow[]; status: ImportStatus; staffUserId?: string | null; filename?: string; db?: DbOrTx }): {
  created: number;
  updated: number;
} {
  const db = input.db ?? getDb();
  const now = nowSeconds();
  // Immediate: the write lock is taken (waiting up to busy_timeout) before the first read. A
  // deferred transaction reads first and then fails at once with SQLITE_BUSY when another process
  // (the server's match sync, the worker) has committed in between.
  return db.transaction((tx) => {
    const existing = new Map<string, { id: number; publishedAt: number | null; suspendedAt: number | null }>();
    const ids = input.rows.map((r) => r.externalId);
    // Chunks well under SQLite's limit on bound parameters.
    for (let i = 0; i < ids.length; i += 500) {
      const found = tx
        .select({ id: companies.id, externalId: companies.externalId, publishedAt: companies.publishedAt, suspendedAt: companies.suspendedAt })
        .from(companies)
        .where(inArray(companies.externalId, ids.slice(i, i + 500)))
        .all();
      for (const f of found) existing.set(f.externalId, f);
    }
    let created = 0;
    let updated = 0;
    const later: PendingSearch[] = [];
    // Written in the directory's order, new companies land at the end of its name indexes
    // instead of all over them: an import of 100,000 firms writes a few seconds faster.
    const ordered = input.rows
      .map((row) => ({ row, key: sortKeyOf(row) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((r) => r.row);
    for (const { externalId, ...profile } of ordered) {
      const outcome = upsertImportedCompany(existing.get(externalId), { externalId, profile: profile as Profile, status: input.status, now }, later);
      if (outcome === "created") created += 1;
      else updated += 1;
    }
    writeSearch(later);
    recordAudit(tx, {
      actorUserId: input.staffUserId ?? null,
      action: "company.import",
      entityType: "import",
      entityId: null,
      after: { filename: input.filename ?? null, status: input.status, rows: input.rows.length, created, updated },
    });
    return { created, updated };
  });
}

/**
 * Checks a file and, when every row is good, imports it: what the CLI (no `staffUserId`) and the
 * admin upload call.
 */
export function runImport(input: { bytes: Uint8Array; filename: string; status: ImportStatus; maxBytes?: number; staffUserId?: string | null }): ImportResult {
  const checked = checkImportFile(input);
  if (!checked.ok) return { ok: false, fileError: checked.fileError, issues: checked.issues };
  const { created, updated } = importCompanies({
    rows: checked.rows,
    status: input.status,
    staffUserId: input.staffUserId,
    filename: input.filename.split(/[\\/]/).pop(),
  });
  return { ok: true, imported: created + updated, created, updated };
}

/** `row 17 (externalId acme-01): offers: unknown capability "cloud.iaasx"` */
export function formatImportIssue(issue: ImportIssue, t: TFunction): string {
  const where = issue.externalId ? `row ${issue.row} (externalId ${issue.externalId})` : `row ${issue.row}`;
  const reason = t(issue.key as never, issue.params);
  return issue.field ? `${where}: ${issue.field}: ${reason}` : `${where}: ${reason}`;
}

export function formatImportFileError(error: ImportFileError, t: TFunction): string {
  return t(error.key as never, error.params);
}

/**
 * The admin upload (a multipart form with `file` and `status`) as the page sends it, or the
 * refusal to show: the page sends nothing else, so another field, or a status not offered
 * ("Pending", "draft"), is refused rather than read as "approved" and published.
 */
export async function readImportForm(
  form: FormData,
): Promise<{ ok: true; bytes: Uint8Array; filename: string; status: ImportStatus } | { ok: false; result: ImportResult }> {
  const file = form.get("file");
  const status = form.get("status") ?? "approved";
  const unexpected = [...form.keys()].some((k) => k !== "file" && k !== "status") || form.getAll("status").length > 1;
  if (unexpected || (status !== "approved" && status !== "pending"))
    return { ok: false, result: { ok: false, fileError: { key: "errors.form.invalid", params: {} }, issues: [] } };
  if (!(file instanceof File) || file.size === 0)
    return { ok: false, result: { ok: false, fileError: { key: "import.errors.noFile", params: {} }, issues: [] } };
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, status };
}
