// The result of an import, as the import page and the import job's page show it: what was
// written, or every bad row with its field and reason (nothing written).
import { Notice } from "~/components/notice";
import { useI18n, type MessageKey } from "~/modules/i18n/i18n";
import type { ImportResult } from "./import.server";
import { scrollRegion } from "~/components/scroll-region";

export function ImportReport({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  if (result.ok) {
    return <Notice>{t("import.done", { count: result.imported, created: result.created, updated: result.updated })}</Notice>;
  }
  if (result.fileError) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
        {t("import.nothing")} {t(result.fileError.key as MessageKey, result.fileError.params)}
      </p>
    );
  }
  const rows = new Set(result.issues.map((i) => i.row)).size;
  return (
    <section aria-labelledby="problems-heading" className="card space-y-3 border-red-300">
      <h2 id="problems-heading" className="text-lg font-semibold text-red-800">
        {t("import.problems", { count: result.issues.length, rows: t("import.rows", { count: rows }) })}
      </h2>
      <p className="text-sm text-slate-700">{t("import.nothingWritten")}</p>
      <div className="max-h-[32rem] overflow-auto" {...scrollRegion(t("import.problemsCaption"))}>
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">{t("import.problemsCaption")}</caption>
          <thead className="sticky top-0 bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("import.col.row")}
              </th>
              <th scope="col" className="px-3 py-2">
                externalId
              </th>
              <th scope="col" className="px-3 py-2">
                {t("import.col.field")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("import.col.reason")}
              </th>
            </tr>
          </thead>
          <tbody>
            {result.issues.map((issue, i) => (
              <tr key={i} className="border-t border-slate-200">
                <td data-label={t("import.col.row")} className="px-3 py-1 tabular-nums">
                  {issue.row}
                </td>
                <td data-label="externalId" className="px-3 py-1">
                  {issue.externalId ?? "—"}
                </td>
                <td data-label={t("import.col.field")} className="px-3 py-1 font-mono">
                  {issue.field || "—"}
                </td>
                <td data-label={t("import.col.reason")} className="px-3 py-1">
                  {t(issue.key as MessageKey, issue.params)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
