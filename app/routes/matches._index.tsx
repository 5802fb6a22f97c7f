import { formatUtc } from "~/utils/time";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormError } from "~/components/field";
import { QueryNotice } from "~/components/notice";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { getMembership } from "~/modules/companies/companies.server";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { getMatchesPageForMember } from "~/modules/introductions/member.server";
import { IntroductionOnMatch } from "~/modules/introductions/on-match-ui";
import { getMatchEmailFrequency, setMatchEmailFrequency } from "~/modules/matching/announce.server";
import { MATCH_EMAIL_CHOICES, MATCH_PAGE_SIZE } from "~/modules/matching/limits";
import { dismissalNoticeSchema, matchActionSchema, matchFiltersSchema, matchPageSchema } from "~/modules/matching/schemas";
import { dismissMatch, getDismissalNotice, restoreMatch } from "~/modules/matching/store.server";
import { DismissalNotice, MatchFilters, MatchList } from "~/modules/matching/ui";
import { parseForm, readForm } from "~/utils/form";
import { notFound } from "~/utils/http";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: [
    "companies.status",
    "errors.matches",
    "intro.onMatch",
    "mail.status",
    "matches",
    "matching.reason",
    "moderation.errors",
    "moderation.hide",
    "notifications",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "matches.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const filters = matchFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const frequency = getMatchEmailFrequency({ userId: user.id });
  const page = matchPageSchema.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  return { ...getMatchesPageForMember({ userId: user.id, ...filters, page }), filters, frequency, notice: dismissalNotice(user.id, request) };
}

/** The firm that `?dismissed=` or `?restored=` names, when it is this firm's to name. */
function dismissalNotice(userId: string, request: Request) {
  const query = dismissalNoticeSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const partnerId = query.dismissed ?? query.restored;
  const membership = partnerId ? getMembership({ userId }) : null;
  if (!partnerId || !membership) return null;
  const restored = query.dismissed === undefined;
  const found = getDismissalNotice({ companyId: membership.companyId, partnerId, restored });
  return found && { ...found, restored };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const parsed = parseForm(matchActionSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  if (parsed.data.intent === "frequency") {
    setMatchEmailFrequency({ userId: user.id, frequency: parsed.data.frequency });
    return redirect("/matches?saved=1");
  }
  const membership = getMembership({ userId: user.id });
  if (!membership) throw notFound();
  const input = { companyId: membership.companyId, partnerId: parsed.data.partnerId, userId: user.id };
  if (parsed.data.intent === "restore") {
    if (!restoreMatch(input).ok) throw notFound();
    return redirect(`/matches?restored=${input.partnerId}`);
  }
  if (!dismissMatch(input).ok) throw notFound();
  return redirect(`/matches?dismissed=${input.partnerId}`);
}

const FREQUENCY_LABELS: Record<(typeof MATCH_EMAIL_CHOICES)[number], MessageKey> = {
  immediately: "matches.email.immediately",
  daily: "matches.email.daily",
  weekly: "matches.email.weekly",
  off: "matches.email.off",
};

export default function Matches() {
  const { t } = useI18n();
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("matches.title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("matches.lead")}</p>
      </div>
      <DismissalNotice notice={loaderData.notice} />
      <QueryNotice name="saved" keys="matches.email.saved" />
      <FormError error={result?.errors.formErrors[0] ?? Object.values(result?.errors.fieldErrors ?? {})[0]?.[0]} />

      {loaderData.state === "no_company" ? (
        <div className="card space-y-3">
          <p>{t("matches.noCompany")}</p>
          <Link to="/company" className="btn">
            {t("matches.noCompany.link")}
          </Link>
        </div>
      ) : loaderData.state === "not_listed" ? (
        <p className="card">{t("matches.notListed")}</p>
      ) : loaderData.state === "computing" ? (
        <p className="card">{t("matches.computing")}</p>
      ) : (
        <section aria-labelledby="list-heading" className="space-y-4">
          <MatchFilters action="/matches" filters={loaderData.filters} />
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="list-heading" className="text-lg font-semibold">
              {t("matches.count", { shown: loaderData.result.filtered, count: loaderData.result.total })}
            </h2>
            <p className="text-sm text-slate-600">{t("matches.updated", { time: formatUtc(loaderData.result.computedAt) })}</p>
          </div>
          {loaderData.result.minScore > 0 ? (
            <p className="text-sm text-slate-700" data-testid="match-floor">
              {t("matches.floor", { score: loaderData.result.minScore })}
            </p>
          ) : null}
          <p className="text-sm">
            <Link to="/matches/dismissed" className="link">
              {t("matches.dismissedList.link")}
            </Link>
          </p>
          {loaderData.result.matches.length ? (
            <>
              <MatchList
                matches={loaderData.result.matches}
                detailHref={(id) => `/matches/${id}`}
                note={(m) => <IntroductionOnMatch introduction={m.introduction} />}
                dismiss
              />
              {loaderData.pages > 1 ? <Pager page={loaderData.page} pages={loaderData.pages} params={params} /> : null}
            </>
          ) : (
            <p className="card">{t(loaderData.result.total ? "matches.none" : "matches.empty")}</p>
          )}
        </section>
      )}

      <Form method="post" className="card space-y-3">
        <input type="hidden" name="intent" value="frequency" />
        <fieldset className="space-y-2">
          <legend className="font-semibold">{t("matches.email.legend")}</legend>
          {MATCH_EMAIL_CHOICES.map((f) => (
            <div key={f} className="flex items-center gap-2">
              <input
                id={`frequency-${f}`}
                type="radio"
                name="frequency"
                value={f}
                defaultChecked={loaderData.frequency === f}
                className="h-4 w-4 border-slate-400 text-teal-800 focus:ring-teal-700"
              />
              <label htmlFor={`frequency-${f}`}>{t(FREQUENCY_LABELS[f])}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="btn">
          {t("matches.email.submit")}
        </button>
      </Form>
    </div>
  );
}

/** Previous and next pages of the list, keeping the filters: plain links, no JavaScript needed. */
function Pager({ page, pages, params }: { page: number; pages: number; params: URLSearchParams }) {
  const { t } = useI18n();
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    next.delete("dismissed");
    next.delete("restored");
    next.delete("saved");
    if (p === 1) next.delete("page");
    else next.set("page", String(p));
    const q = next.toString();
    return q ? `/matches?${q}` : "/matches";
  };
  return (
    <nav aria-label={t("matches.pages")} className="flex flex-wrap items-center justify-between gap-3">
      {page > 1 ? (
        <Link to={href(page - 1)} className="btn-secondary" rel="prev">
          {t("matches.page.prev", { size: MATCH_PAGE_SIZE })}
        </Link>
      ) : (
        <span />
      )}
      <p className="text-sm text-slate-700">{t("matches.page.of", { page, pages })}</p>
      {page < pages ? (
        <Link to={href(page + 1)} className="btn-secondary" rel="next">
          {t("matches.page.next", { size: MATCH_PAGE_SIZE })}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
