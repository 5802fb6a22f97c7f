// The pieces of the staff introduction pages: how long something has waited, a table of
// introductions and a match both ways. Client-safe.
import { formatUtc } from "~/utils/time";
import { Link } from "@remix-run/react";
import { useTaxonomyLabel } from "~/modules/companies/ui";
import { useI18n } from "~/modules/i18n/i18n";
import { reasonText } from "~/modules/matching/reasons";
import type { Reason } from "~/modules/matching/reason-codes";
import { ScoreBadge } from "~/modules/matching/ui";
import type { IntroductionStatus } from "./labels";
import { FirmNameText, IntroStatusBadge } from "./ui";
import { scrollRegion } from "~/components/scroll-region";

type FirmName = { id: number; name: string; localName: string | null; country: string };

type IntroductionListRow = {
  id: number;
  status: IntroductionStatus;
  initiatedBy: "member" | "staff";
  purpose: string;
  createdAt: number;
  requester: FirmName;
  target: FirmName;
};

/** "3 days", "5 hours", "less than an hour": how long since `from`, as of `now` (both seconds; the loader sends `now`). */
export function useAge() {
  const { t } = useI18n();
  return (from: number, now: number) => {
    const hours = Math.floor(Math.max(0, now - from) / 3600);
    if (hours < 1) return t("adminIntro.age.underHour");
    if (hours < 24) return t("adminIntro.age.hours", { count: hours });
    const days = Math.floor(hours / 24);
    return t("adminIntro.age.days", { count: days });
  };
}

/** Introductions as a table: who asked whom, their countries, purpose, state, when (and, for the queue, how long it waits). */
export function IntroductionTable({ rows, caption, now }: { rows: IntroductionListRow[]; caption: string; now?: number }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const age = useAge();
  return (
    <div className="card overflow-x-auto p-0" {...scrollRegion(caption)}>
      <table className="stack-table w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-4 py-2">
              {t("adminIntro.col.firms")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("adminIntro.col.countries")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("adminIntro.col.purpose")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("adminIntro.col.state")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("adminIntro.col.created")}
            </th>
            {now !== undefined ? (
              <th scope="col" className="px-4 py-2">
                {t("adminIntro.col.waiting")}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-200 align-top">
              <th scope="row" data-label={t("adminIntro.col.firms")} className="px-4 py-2 font-normal">
                <Link to={`/admin/introductions/${r.id}`} className="link">
                  <FirmNameText firm={r.requester} />
                  <span aria-hidden="true"> → </span>
                  <span className="sr-only"> {t("adminIntro.to")} </span>
                  <FirmNameText firm={r.target} />
                </Link>
                {r.initiatedBy === "staff" ? <span className="block text-xs text-slate-600">{t("adminIntro.startedByStaff")}</span> : null}
              </th>
              <td data-label={t("adminIntro.col.countries")} className="px-4 py-2">
                {label("country", r.requester.country)}
                <span aria-hidden="true"> → </span>
                <span className="sr-only"> {t("adminIntro.to")} </span>
                {label("country", r.target.country)}
              </td>
              <td data-label={t("adminIntro.col.purpose")} className="px-4 py-2">
                {label("partnershipType", r.purpose)}
              </td>
              <td data-label={t("adminIntro.col.state")} className="px-4 py-2">
                <IntroStatusBadge status={r.status} />
              </td>
              <td data-label={t("adminIntro.col.created")} className="whitespace-nowrap px-4 py-2">
                {formatUtc(r.createdAt)}
              </td>
              {now !== undefined ? (
                <td data-label={t("adminIntro.col.waiting")} className="whitespace-nowrap px-4 py-2">
                  {age(r.createdAt, now)}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type MatchView = { score: number; rank: number; reasons: Reason[]; computedAt: number } | null;

/** The match of two firms both ways: as `a` sees `b` (`forward`) and as `b` sees `a` (`reverse`). */
export function MatchBothWays({ a, b, forward, reverse }: { a: string; b: string; forward: MatchView; reverse: MatchView }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="match-heading" className="card space-y-3">
      <h2 id="match-heading" className="text-lg font-semibold">
        {t("adminIntro.match.title")}
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <MatchDirection
          id="match-forward"
          heading={t("adminIntro.match.seenBy", { name: a })}
          missing={t("adminIntro.match.notInList", { name: b, owner: a })}
          match={forward}
        />
        <MatchDirection
          id="match-reverse"
          heading={t("adminIntro.match.seenBy", { name: b })}
          missing={t("adminIntro.match.notInList", { name: a, owner: b })}
          match={reverse}
        />
      </div>
    </section>
  );
}

/**
 * One direction of a match as staff read it: the score, the rank in the reader's list and every
 * reason, from the reader's side. `match` null: the partner is not in the reader's list.
 */
function MatchDirection({ id, heading, missing, match }: { id: string; heading: string; missing: string; match: MatchView }) {
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
          {match ? (
            <p className="text-sm text-slate-600">
              {t("matches.rank", { rank: match.rank })} · {formatUtc(match.computedAt)}
            </p>
          ) : null}
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
