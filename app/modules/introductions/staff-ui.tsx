// The pieces of the staff introduction pages: firm names with their local names, a state badge,
// how long something has waited, a table of introductions and one direction of a match. Client-safe.
import { Link } from "@remix-run/react";
import { langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { useI18n } from "~/modules/i18n/i18n";
import { reasonText } from "~/modules/matching/reasons";
import type { Reason } from "~/modules/matching/score";
import { ScoreBadge } from "~/modules/matching/ui";
import { formatUtc } from "~/modules/notifications/labels";
import { STATUS_LABELS, type IntroductionStatus } from "./labels";

export type FirmName = { id: number; name: string; localName: string | null; country: string };

export type IntroductionListRow = {
  id: number;
  status: IntroductionStatus;
  initiatedBy: "member" | "staff";
  purpose: string;
  createdAt: number;
  requester: FirmName;
  target: FirmName;
};

/** A firm's name, then its local name marked with the language of its script. */
export function FirmNameText({ firm }: { firm: Pick<FirmName, "name" | "localName"> }) {
  return (
    <>
      {firm.name}
      {firm.localName ? (
        <>
          {" "}
          <span lang={langOfScript(firm.localName)}>{firm.localName}</span>
        </>
      ) : null}
    </>
  );
}

const BADGE: Record<IntroductionStatus, string> = {
  requested: "bg-amber-100 text-amber-900",
  approved: "bg-sky-100 text-sky-900",
  accepted: "bg-green-100 text-green-900",
  declined_by_staff: "bg-red-100 text-red-900",
  declined_by_target: "bg-red-100 text-red-900",
  expired: "bg-slate-200 text-slate-800",
  withdrawn: "bg-slate-200 text-slate-800",
};

export function IntroStatusBadge({ status }: { status: IntroductionStatus }) {
  const { t } = useI18n();
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${BADGE[status]}`}>{t(STATUS_LABELS[status])}</span>;
}

/** "3 days", "5 hours", "less than an hour": how long since `from`, as of `now` (both seconds; the loader sends `now`). */
export function useAge() {
  const { t } = useI18n();
  return (from: number, now: number) => {
    const hours = Math.floor(Math.max(0, now - from) / 3600);
    if (hours < 1) return t("adminIntro.age.underHour");
    if (hours < 24) return hours === 1 ? t("adminIntro.age.hour") : t("adminIntro.age.hours", { count: hours });
    const days = Math.floor(hours / 24);
    return days === 1 ? t("adminIntro.age.day") : t("adminIntro.age.days", { count: days });
  };
}

/** Introductions as a table: who asked whom, their countries, purpose, state, when (and, for the queue, how long it waits). */
export function IntroductionTable({ rows, caption, now }: { rows: IntroductionListRow[]; caption: string; now?: number }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const age = useAge();
  return (
    <div className="card overflow-x-auto p-0">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-4 py-2">{t("adminIntro.col.firms")}</th>
            <th scope="col" className="px-4 py-2">{t("adminIntro.col.countries")}</th>
            <th scope="col" className="px-4 py-2">{t("adminIntro.col.purpose")}</th>
            <th scope="col" className="px-4 py-2">{t("adminIntro.col.state")}</th>
            <th scope="col" className="px-4 py-2">{t("adminIntro.col.created")}</th>
            {now !== undefined ? <th scope="col" className="px-4 py-2">{t("adminIntro.col.waiting")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-200 align-top">
              <th scope="row" className="px-4 py-2 font-normal">
                <Link to={`/admin/introductions/${r.id}`} className="link">
                  <FirmNameText firm={r.requester} />
                  <span aria-hidden="true"> → </span>
                  <span className="sr-only"> {t("adminIntro.to")} </span>
                  <FirmNameText firm={r.target} />
                </Link>
                {r.initiatedBy === "staff" ? <span className="block text-xs text-slate-600">{t("adminIntro.startedByStaff")}</span> : null}
              </th>
              <td className="px-4 py-2">
                {label("country", r.requester.country)}
                <span aria-hidden="true"> → </span>
                <span className="sr-only"> {t("adminIntro.to")} </span>
                {label("country", r.target.country)}
              </td>
              <td className="px-4 py-2">{label("partnershipType", r.purpose)}</td>
              <td className="px-4 py-2">
                <IntroStatusBadge status={r.status} />
              </td>
              <td className="whitespace-nowrap px-4 py-2">{formatUtc(r.createdAt)}</td>
              {now !== undefined ? <td className="whitespace-nowrap px-4 py-2">{age(r.createdAt, now)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One direction of a match as staff read it: the score, the rank in the reader's list and every
 * reason, from the reader's side. `match` null: the partner is not in the reader's list.
 */
export function MatchDirection({
  id,
  heading,
  missing,
  match,
}: {
  id: string;
  heading: string;
  missing: string;
  match: { score: number; rank: number; reasons: Reason[]; computedAt: number } | null;
}) {
  const { t, locale, messages } = useI18n();
  const text = (r: Reason) => reasonText(r, t, locale, messages);
  const positives = match?.reasons.filter((r) => r.tone === "positive") ?? [];
  const negatives = match?.reasons.filter((r) => r.tone === "negative") ?? [];
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-md border border-slate-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 id={id} className="font-semibold">
            {heading}
          </h3>
          {match ? <p className="text-sm text-slate-600">{t("matches.rank", { rank: match.rank })} · {formatUtc(match.computedAt)}</p> : null}
        </div>
        {match ? <ScoreBadge score={match.score} /> : null}
      </div>
      {match ? (
        <>
          <h4 className="text-sm font-semibold">{t("matches.breakdown.fits")}</h4>
          {positives.length ? (
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {positives.map((r, i) => (
                <li key={i}>{text(r)}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-700">{t("matches.breakdown.noFits")}</p>
          )}
          <h4 className="text-sm font-semibold">{t("matches.breakdown.against")}</h4>
          {negatives.length ? (
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {negatives.map((r, i) => (
                <li key={i}>{text(r)}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-700">{t("matches.breakdown.nothingAgainst")}</p>
          )}
        </>
      ) : (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">{missing}</p>
      )}
    </section>
  );
}
