// The directory as CSV for staff, in the import format (docs/spec/import-and-cli.md), so an
// export can be edited in a spreadsheet and imported again. Contacts are included: staff only.
import { stringify } from "csv-stringify/sync";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { companies } from "../../../db/schema";
import { getDb } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { listCodes } from "./listing.server";
import { IMPORT_FIELDS } from "./import.server";
import { LIST_FIELDS } from "./schemas";

const BATCH = 1000;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first: "CSV injection") gets a
 * leading apostrophe, which spreadsheets show as text. The import takes it off again.
 */
export function neutraliseFormula(cell: string) {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * A staff member downloads the directory: the export is audited (with the number of companies
 * it holds now) before the first byte, and the CSV follows in pieces (exportDirectoryCsv).
 */
export function exportDirectory({ staffUserId }: { staffUserId: string }): Generator<string> {
  const db = getDb();
  db.transaction((tx) => {
    const companiesNow = tx
      .select({ n: sql<number>`count(*)` })
      .from(companies)
      .where(eq(companies.visible, true))
      .get()!.n;
    recordAudit(tx, {
      actorUserId: staffUserId,
      action: "company.export",
      entityType: "export",
      entityId: null,
      after: { format: "csv", companies: companiesNow },
    });
  });
  return exportDirectoryCsv();
}

/**
 * The visible companies (approved, not suspended), by id, as CSV text in pieces: a header row
 * first, then a thousand rows at a time, so a large directory is never one string in memory.
 * A byte-order mark starts the file, so spreadsheet programs read Chinese and Thai as UTF-8.
 */
export function* exportDirectoryCsv(): Generator<string> {
  const db = getDb();
  const lists = new Set<string>(LIST_FIELDS);
  yield `\uFEFF${stringify([[...IMPORT_FIELDS]])}`;
  let after = 0;
  for (;;) {
    const rows = db
      .select()
      .from(companies)
      .where(and(eq(companies.visible, true), gt(companies.id, after)))
      .orderBy(asc(companies.id))
      .limit(BATCH)
      .all();
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    const codes = listCodes(rows.map((r) => r.id));
    const records = rows.map((r) => {
      const values: Record<string, unknown> = { ...r, ...codes.get(r.id)! };
      return IMPORT_FIELDS.map((field) => {
        const v = values[field];
        if (lists.has(field)) return (v as string[]).join(";");
        return v === null || v === undefined ? "" : neutraliseFormula(String(v));
      });
    });
    yield stringify(records);
  }
}
