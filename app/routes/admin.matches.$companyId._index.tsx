import { formatUtc } from "~/utils/time";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { FormError } from "~/components/field";
import { requireStaff } from "~/modules/auth/guards.server";
import { langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, type MessageKey, refusalKey, useI18n } from "~/modules/i18n/i18n";
import { companyIdParam, matchFiltersSchema, matchModerationSchema } from "~/modules/matching/schemas";
import { listOpenIntroductionPartners } from "~/modules/introductions/introductions.server";
import { hideMatch, listHiddenMatches, unhideMatch } from "~/modules/matching/exclusions.server";
import { getCompanySummary, listMatchesForCompany } from "~/modules/matching/store.server";
import { HideMatchForm, MatchFilters, MatchList, MODERATION_REFUSALS } from "~/modules/matching/ui";
import { formError, parseForm, readForm, type FormErrors } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { notFound, parseRouteId } from "~/utils/http";

export const handle: I18nHandle = {
  i18n: [
    "adminIntro.matches",
    "companies.status",
    "errors.matches",
    "mail.status",
    "matches",
    "matching.admin.companyMatches",
    "matching.admin.companyTitle",
    "matching.admin.notListed",
    "matching.admin.title",
    "matching.reason",
    "moderation",
    "notifications",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "matching.admin.companyMatches");

function companyOf(param: string | undefined) {
  const company = getCompanySummary({ companyId: parseRouteId(param) });
  if (!company) throw notFound();
  return company;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const company = companyOf(params.companyId);
  const filters = matchFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    company,
    filters,
    result: company.visible ? listMatchesForCompany({ companyId: company.id, ...filters }) : null,
    hidden: listHiddenMatches({ companyId: company.id }),
    openIntroductions: listOpenIntroductionPartners({ companyId: company.id }),
  };
}

type ActionData = { errors: FormErrors; partnerId: number | null; reason: string };

/** Staff hide a match of this company (with a reason) or undo a hidden one. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const company = companyOf(params.companyId);
  const form = await readForm(request);
  const parsed = parseForm(matchModerationSchema, form);
  const partnerId = companyIdParam.safeParse(form.get("partnerId"));
  const failed = (errors: FormErrors, status: number) =>
    data<ActionData>({ errors, partnerId: partnerId.success ? partnerId.data : null, reason: parsed.values.reason ?? "" }, { status });
  if (!parsed.ok) return failed(parsed.errors, 400);
  const input = parsed.data;
  if (input.intent === "hide") {
    const result = hideMatch({ companyId: company.id, partnerId: input.partnerId, staffUserId: user.id, reason: input.reason });
    if (!result.ok && result.reason === "not_found") throw notFound();
    if (!result.ok) return failed(formError(refusalKey(MODERATION_REFUSALS, result.reason)), 409);
    return redirect(`/admin/matches/${company.id}?done=hidden`);
  }
  const result = unhideMatch({ companyId: company.id, partnerId: input.partnerId, staffUserId: user.id });
  if (!result.ok) return failed(formError(refusalKey(MODERATION_REFUSALS, result.reason)), 409);
  return redirect(`/admin/matches/${company.id}?done=unhidden`);
}

const DONE: Record<string, MessageKey> = { hidden: "moderation.done.hidden", unhidden: "moderation.done.unhidden" };

export default function CompanyMatches() {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const { company, filters, result, hidden, openIntroductions } = useLoaderData<typeof loader>();
  const openWith = new Map(openIntroductions.map((o) => [o.partnerId, o.introductionId]));
  const failed = useActionData<typeof action>();
  // A refused hide shows at its own form; anything else (or a match no longer listed) at the top.
  const inList = !!failed && result?.matches.some((m) => m.partner.id === failed.partnerId);
  const reasonError = (partnerId: number) => (inList && failed?.partnerId === partnerId ? failed.errors.fieldErrors.reason?.[0] : undefined);
  const topError = failed ? (failed.errors.formErrors[0] ?? (inList ? undefined : Object.values(failed.errors.fieldErrors).flat()[0])) : undefined;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/matching" className="link">
          {t("matching.admin.title")}
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold">{t("matching.admin.companyTitle", { name: company.name })}</h1>
        <p className="text-slate-700">
          {label("country", company.country)} · {company.externalId}
        </p>
      </div>
      <QueryNotice name="done" keys={DONE} show={!failed} />
      <FormError error={topError} />
      {!company.visible ? (
        <p className="card">{t("matching.admin.notListed")}</p>
      ) : !result ? (
        <p className="card">{t("matches.computing")}</p>
      ) : (
        <section aria-labelledby="list-heading" className="space-y-4">
          <MatchFilters action={`/admin/matches/${company.id}`} filters={filters} />
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="list-heading" className="text-lg font-semibold">
              {t("matches.count", { shown: result.matches.length, count: result.total })}
            </h2>
            <p className="text-sm text-slate-600">{t("matches.updated", { time: formatUtc(result.computedAt) })}</p>
          </div>
          {result.matches.length ? (
            <MatchList
              matches={result.matches}
              detailHref={(id) => `/admin/matches/${company.id}/${id}`}
              extra={(m) => (
                <>
                  <p className="text-sm">
                    {openWith.has(m.partner.id) ? (
                      <Link
                        to={`/admin/introductions/${openWith.get(m.partner.id)}`}
                        className="link"
                        aria-label={t("adminIntro.matches.openOf", { name: m.partner.name })}
                      >
                        {t("adminIntro.matches.open")}
                      </Link>
                    ) : (
                      <Link
                        to={`/admin/introductions/new?companyId=${company.id}&partnerId=${m.partner.id}`}
                        className="link"
                        aria-label={t("adminIntro.matches.introduceOf", { name: m.partner.name })}
                      >
                        {t("adminIntro.matches.introduce")}
                      </Link>
                    )}
                  </p>
                  <details open={!!reasonError(m.partner.id)} className="rounded-md border border-slate-200 p-3">
                    <summary className="cursor-pointer text-sm font-medium text-slate-800">{t("moderation.hide.summary")}</summary>
                    <div className="mt-2">
                      <HideMatchForm
                        partnerId={m.partner.id}
                        name={m.partner.name}
                        error={reasonError(m.partner.id)}
                        defaultReason={failed?.partnerId === m.partner.id ? failed.reason : undefined}
                      />
                    </div>
                  </details>
                </>
              )}
            />
          ) : (
            <p className="card">{t(result.total ? "matches.none" : "matches.empty")}</p>
          )}
        </section>
      )}

      <section aria-labelledby="hidden-heading" className="card space-y-3">
        <h2 id="hidden-heading" className="text-lg font-semibold">
          {t("moderation.hidden.title")}
        </h2>
        {hidden.length ? (
          <ul className="divide-y divide-slate-200">
            {hidden.map((h) => (
              <li key={h.partnerId} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0 flex-1 space-y-1 text-sm">
                  <p className="font-semibold">
                    {h.partnerName}
                    {h.partnerLocalName ? (
                      <span lang={langOfScript(h.partnerLocalName)} className="ml-2 font-normal text-slate-700">
                        {h.partnerLocalName}
                      </span>
                    ) : null}
                  </p>
                  <p className="whitespace-pre-line">{t("moderation.hidden.reason", { reason: h.reason ?? "—" })}</p>
                  <p className="text-slate-600">{t("moderation.hidden.by", { who: h.hiddenBy ?? "—", time: formatUtc(h.hiddenAt) })}</p>
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="unhide" />
                  <input type="hidden" name="partnerId" value={h.partnerId} />
                  <button type="submit" className="btn-secondary px-3 py-1 text-sm" aria-label={t("moderation.unhide.of", { name: h.partnerName })}>
                    {t("moderation.unhide")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-700">{t("moderation.hidden.none")}</p>
        )}
      </section>
    </div>
  );
}
