// Small client-safe pieces of the companies' pages: labels of codes, status badges and lists of codes.
import { useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { taxonomyLabel, type TaxonomyKind } from "./taxonomy";

/** The label of a taxonomy code in the page's language. */
export function useTaxonomyLabel() {
  const { locale, messages } = useI18n();
  return (kind: TaxonomyKind, code: string) => taxonomyLabel(kind, code, locale, messages);
}

/** The words of the staff review's refusals (approve, reject, suspend, restore, invite), for refusalKey. */
export const REVIEW_REFUSALS: Record<string, MessageKey> = {
  already_claimed: "staffCompany.reason.already_claimed",
  already_suspended: "staffCompany.reason.already_suspended",
  not_pending: "staffCompany.reason.not_pending",
  not_suspended: "staffCompany.reason.not_suspended",
};

const STATUS_STYLES: Record<string, string> = {
  draft: "bg-slate-100 text-slate-800",
  pending: "bg-amber-100 text-amber-900",
  approved: "bg-green-100 text-green-900",
  rejected: "bg-red-100 text-red-900",
  suspended: "bg-slate-800 text-white",
};

export function StatusBadge({ status }: { status: "draft" | "pending" | "approved" | "rejected" | "suspended" }) {
  const { t } = useI18n();
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLES[status]}`}>{t(`companies.status.${status}` as MessageKey)}</span>
  );
}

/** Codes as a row of small labels. */
export function CodeList({ kind, codes, label }: { kind: TaxonomyKind; codes: readonly string[]; label?: string }) {
  const labelOf = useTaxonomyLabel();
  if (codes.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={label}>
      {codes.map((c) => (
        <li key={c} className="tag">
          {labelOf(kind, c)}
        </li>
      ))}
    </ul>
  );
}

/** The language of a name's script, for `lang` (pronunciation by screen readers, font choice). */
export function langOfScript(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  if (/\p{Script=Han}/u.test(text)) return "zh";
  if (/\p{Script=Thai}/u.test(text)) return "th";
  if (/\p{Script=Khmer}/u.test(text)) return "km";
  if (/\p{Script=Lao}/u.test(text)) return "lo";
  if (/\p{Script=Myanmar}/u.test(text)) return "my";
  return undefined;
}
