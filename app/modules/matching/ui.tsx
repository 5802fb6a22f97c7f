// The pieces of the match pages that members and staff share: a list of matches with reason
// chips, and the breakdown of one match. Client-safe; every text goes through the translations.
import { formatUtc } from "~/utils/time";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useErrorText } from "~/components/field";
import { useRoutedClicks } from "~/components/routed-links";
import { CodeList, langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { COUNTRIES, PARTNERSHIP_TYPES, SECTORS } from "~/modules/companies/taxonomy";
import { joinList, useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { reasonText, topReasons } from "./reasons";
import { HIDE_REASON_MAX } from "./limits";

/** The words of hideMatch's and unhideMatch's refusals, for refusalKey. */
export const MODERATION_REFUSALS: Record<string, MessageKey> = {
  already_hidden: "moderation.errors.already_hidden",
  not_hidden: "moderation.errors.not_hidden",
};
import type { Reason } from "./reason-codes";
import type { MatchCard, PartnerProfile } from "./store.server";

/** What a card of a match list shows (pages may send just this much). */
type ShownMatch = Pick<MatchCard, "score" | "rank" | "reasons"> & {
  partner: Pick<MatchCard["partner"], "id" | "name" | "localName" | "country" | "city" | "sectors">;
};

function useReasonText() {
  const { t, locale, messages } = useI18n();
  return (r: Reason) => reasonText(r, t, locale, messages);
}

// Widths of the score bar in steps of 5, written out so that Tailwind generates them (an inline
// style would be refused by the Content-Security-Policy).
const BAR = [
  "w-0",
  "w-[5%]",
  "w-[10%]",
  "w-[15%]",
  "w-[20%]",
  "w-[25%]",
  "w-[30%]",
  "w-[35%]",
  "w-[40%]",
  "w-[45%]",
  "w-[50%]",
  "w-[55%]",
  "w-[60%]",
  "w-[65%]",
  "w-[70%]",
  "w-[75%]",
  "w-[80%]",
  "w-[85%]",
  "w-[90%]",
  "w-[95%]",
  "w-full",
];

export function ScoreBadge({ score }: { score: number }) {
  const { t } = useI18n();
  return (
    <div className="score">
      <span className="score-value">{score.toFixed(1)}</span>
      <span className="score-label">{t("matches.scoreLabel")}</span>
      <span aria-hidden="true" className="score-bar">
        <span className={`score-fill ${BAR[Math.round(Math.max(0, Math.min(100, score)) / 5)]}`} />
      </span>
    </div>
  );
}

function ReasonChips({ reasons, label }: { reasons: Reason[]; label: string }) {
  const text = useReasonText();
  return (
    <ul className="flex flex-wrap gap-2" aria-label={label}>
      {topReasons(reasons).map((r, i) => (
        <li key={i} className={r.tone === "positive" ? "chip chip-for" : "chip chip-against"}>
          {text(r)}
        </li>
      ))}
    </ul>
  );
}

/** The filter form of a match list: plain GET, works without JavaScript. */
export function MatchFilters({ action, filters }: { action: string; filters: { country?: string; sector?: string; partnershipType?: string } }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const selects = [
    { name: "country", label: t("matches.filter.country"), options: COUNTRIES.map((c) => ({ value: c, label: label("country", c) })) },
    { name: "sector", label: t("matches.filter.sector"), options: SECTORS.map((s) => ({ value: s, label: label("sector", s) })) },
    {
      name: "partnershipType",
      label: t("matches.filter.partnershipType"),
      options: PARTNERSHIP_TYPES.map((p) => ({ value: p, label: label("partnershipType", p) })),
    },
  ] as const;
  const active = Object.values(filters).filter(Boolean).length;
  // On a phone the filters fold behind one button, so the first match shows without scrolling;
  // they stay open while a filter is on, so what narrows the list is in sight.
  return (
    <details className="fold fold-sm" open={active > 0}>
      <summary className="btn-secondary w-full justify-between">
        <span>{t("matches.filter.toggle")}</span>
        {active ? <span className="text-xs font-normal text-slate-700">{t("matches.filter.active", { count: active })}</span> : null}
      </summary>
      <Form method="get" action={action} className="card mt-2 grid gap-4 p-4 sm:mt-0 sm:grid-cols-4" role="search" aria-label={t("matches.filters")}>
        {selects.map((s) => (
          <div key={s.name} className="space-y-1">
            <label htmlFor={`match-${s.name}`} className="block text-sm font-medium text-slate-800">
              {s.label}
            </label>
            <select id={`match-${s.name}`} name={s.name} defaultValue={filters[s.name] ?? ""} className="input">
              <option value="">{t("matches.filter.any")}</option>
              {s.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="flex items-end gap-3">
          <button type="submit" className="btn">
            {t("matches.filter.submit")}
          </button>
          {active ? (
            <Link to={action} className="link text-sm">
              {t("matches.filter.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
    </details>
  );
}

/**
 * Matches best first. `detailHref` links each to its breakdown; `note` adds a line under the
 * reasons (another module's word on the pair: its introduction); `dismiss` adds the "not
 * interested" buttons, all in one form around the list (each button sends its partner); `extra`
 * adds more to a match (staff's hide form; a form of its own, so not together with `dismiss`).
 */
export function MatchList<M extends ShownMatch>({
  matches,
  detailHref,
  note,
  dismiss,
  extra,
}: {
  matches: M[];
  detailHref: (partnerId: number) => string;
  note?: (m: M) => ReactNode;
  dismiss?: boolean;
  extra?: (m: M) => ReactNode;
}) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  // The cards' links are plain anchors, navigated in the app by one handler on the list.
  const onClick = useRoutedClicks();
  const list = (
    <ol className="space-y-3" onClick={onClick}>
      {matches.map((m) => (
        <li key={m.partner.id} className="card space-y-3 p-4">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0 flex-1 space-y-1">
              <p className="text-sm text-slate-600">{t("matches.rank", { rank: m.rank })}</p>
              <h3 className="text-lg font-semibold">
                <a href={detailHref(m.partner.id)} className="link">
                  {m.partner.name}
                </a>
                {m.partner.localName ? (
                  <span lang={langOfScript(m.partner.localName)} className="ml-2 font-normal text-slate-700">
                    {m.partner.localName}
                  </span>
                ) : null}
              </h3>
              <p className="text-sm text-slate-700">{[label("country", m.partner.country), m.partner.city].filter(Boolean).join(" · ")}</p>
              <CodeList kind="sector" codes={m.partner.sectors} label={t("matches.about.sectors")} />
            </div>
            <ScoreBadge score={m.score} />
          </div>
          <ReasonChips reasons={m.reasons} label={t("matches.reasonsOf", { name: m.partner.name })} />
          {note?.(m)}
          <div className="flex flex-wrap items-center gap-4">
            <a href={detailHref(m.partner.id)} className="link text-sm" aria-label={t("matches.why.of", { name: m.partner.name })}>
              {t("matches.why")}
            </a>
            {dismiss ? <DismissButton partnerId={m.partner.id} name={m.partner.name} /> : null}
          </div>
          {extra?.(m)}
        </li>
      ))}
    </ol>
  );
  return dismiss ? <DismissForm>{list}</DismissForm> : list;
}

/** "Not interested": a submit button that sends its partner, inside a `DismissForm`. */
export function DismissButton({ partnerId, name }: { partnerId: number; name: string }) {
  const { t } = useI18n();
  return (
    <button type="submit" name="partnerId" value={partnerId} className="btn-secondary px-3 py-1 text-sm" aria-label={t("matches.dismiss.of", { name })}>
      {t("matches.dismiss")}
    </button>
  );
}

/**
 * The banner after "not interested" or its undo, naming the firm. After a dismissal it offers
 * Undo: a form button, so it works without JavaScript.
 */
export function DismissalNotice({ notice, action = "/matches" }: { notice: { partnerId: number; name: string; restored: boolean } | null; action?: string }) {
  const { t } = useI18n();
  if (!notice) return null;
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
      <p>{t(notice.restored ? "matches.restored.notice" : "matches.dismissed.notice", { name: notice.name })}</p>
      {notice.restored ? null : (
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="restore" />
          <input type="hidden" name="partnerId" value={notice.partnerId} />
          <button type="submit" className="btn-secondary px-3 py-1 text-sm">
            {t("matches.dismissed.undo")}
          </button>
        </Form>
      )}
    </div>
  );
}

/** The form of "not interested" buttons: one around a whole list, or around a single button. */
export function DismissForm({ action, children }: { action?: string; children: ReactNode }) {
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value="dismiss" />
      {children}
    </Form>
  );
}

/**
 * Staff hide a match, with the reason other staff read (required). `error` is a message key of
 * the reason field, after a refused submission of this very form.
 */
export function HideMatchForm({
  partnerId,
  name,
  action,
  error,
  defaultReason,
}: {
  partnerId: number;
  name: string;
  action?: string;
  error?: string;
  defaultReason?: string;
}) {
  const { t } = useI18n();
  const errorText = useErrorText()(error);
  const id = `hide-reason-${partnerId}`;
  return (
    <Form method="post" action={action} className="space-y-2" noValidate>
      <input type="hidden" name="intent" value="hide" />
      <input type="hidden" name="partnerId" value={partnerId} />
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t("moderation.hide.reason", { name })}
      </label>
      <textarea
        id={id}
        name="reason"
        rows={2}
        maxLength={HIDE_REASON_MAX}
        required
        defaultValue={defaultReason}
        className="input"
        aria-invalid={errorText ? true : undefined}
        aria-describedby={errorText ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {t("moderation.hide.hint")}
      </p>
      {errorText ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {errorText}
        </p>
      ) : null}
      <button type="submit" className="btn-secondary px-3 py-1 text-sm" aria-label={t("moderation.hide.submitOf", { name })}>
        {t("moderation.hide.submit")}
      </button>
    </Form>
  );
}

/** One match in full: every reason, both ways, and the partner's public profile (never its contact). */
export function MatchBreakdown({
  match,
}: {
  match: { partner: PartnerProfile; score: number; rank: number; reasons: Reason[]; computedAt: number; algorithmVersion: string };
}) {
  const { t, locale } = useI18n();
  const label = useTaxonomyLabel();
  const text = useReasonText();
  const positives = match.reasons.filter((r) => r.tone === "positive");
  const negatives = match.reasons.filter((r) => r.tone === "negative");
  const p = match.partner;
  const rows: [string, string | null][] = [
    [t("matches.about.country"), [label("country", p.country), p.city].filter(Boolean).join(" · ")],
    [
      t("matches.about.offers"),
      joinList(
        locale,
        p.offers.map((c) => label("capability", c)),
      ),
    ],
    [
      t("matches.about.needs"),
      joinList(
        locale,
        p.needs.map((c) => label("capability", c)),
      ),
    ],
    [
      t("matches.about.partnershipTypes"),
      joinList(
        locale,
        p.partnershipTypes.map((c) => label("partnershipType", c)),
      ),
    ],
    [
      t("matches.about.targetMarkets"),
      joinList(
        locale,
        p.targetMarkets.map((c) => label("country", c)),
      ),
    ],
    [
      t("matches.about.sectors"),
      joinList(
        locale,
        p.sectors.map((c) => label("sector", c)),
      ),
    ],
    [
      t("matches.about.languages"),
      joinList(
        locale,
        p.languages.map((c) => label("language", c)),
      ),
    ],
    [t("matches.about.size"), p.size ? label("size", p.size) : null],
  ];
  return (
    <div className="space-y-6">
      <div className="card flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <p className="text-sm text-slate-600">{t("matches.rank", { rank: match.rank })}</p>
          <h1 className="text-2xl font-bold">
            {p.name}
            {p.localName ? (
              <span lang={langOfScript(p.localName)} className="ml-2 text-xl font-normal text-slate-700">
                {p.localName}
              </span>
            ) : null}
          </h1>
          <p className="text-slate-700">{[label("country", p.country), p.city].filter(Boolean).join(" · ")}</p>
        </div>
        <ScoreBadge score={match.score} />
      </div>

      <section aria-labelledby="fits-heading" className="card space-y-3">
        <h2 id="fits-heading" className="text-lg font-semibold">
          {t("matches.breakdown.fits")}
        </h2>
        {positives.length ? (
          <ul className="list-disc space-y-1 pl-5">
            {positives.map((r, i) => (
              <li key={i}>{text(r)}</li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">{t("matches.breakdown.noFits")}</p>
        )}
      </section>

      <section aria-labelledby="against-heading" className="card space-y-3">
        <h2 id="against-heading" className="text-lg font-semibold">
          {t("matches.breakdown.against")}
        </h2>
        {negatives.length ? (
          <ul className="list-disc space-y-1 pl-5">
            {negatives.map((r, i) => (
              <li key={i}>{text(r)}</li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">{t("matches.breakdown.nothingAgainst")}</p>
        )}
      </section>

      <section aria-labelledby="about-heading" className="card space-y-3">
        <h2 id="about-heading" className="text-lg font-semibold">
          {t("matches.breakdown.about")}
        </h2>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem,1fr]">
          {rows
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-medium text-slate-700">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          {p.website ? (
            <div className="contents">
              <dt className="font-medium text-slate-700">{t("matches.about.website")}</dt>
              <dd>
                <a href={p.website} className="link break-all" rel="noopener noreferrer nofollow" target="_blank">
                  {p.website}
                </a>
              </dd>
            </div>
          ) : null}
        </dl>
        {p.description ? <p className="whitespace-pre-line text-slate-800">{p.description}</p> : null}
        <p className="text-sm text-slate-600">{t("matches.breakdown.contacts")}</p>
      </section>

      <section aria-labelledby="how-heading" className="space-y-2 text-sm text-slate-700">
        <h2 id="how-heading" className="text-base font-semibold text-slate-900">
          {t("matches.breakdown.how")}
        </h2>
        <p>{t("matches.breakdown.howText")}</p>
        <p>{t("matches.breakdown.computed", { time: formatUtc(match.computedAt), version: match.algorithmVersion })}</p>
      </section>
    </div>
  );
}
