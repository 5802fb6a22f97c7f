import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/field";
import { requireStaff } from "~/modules/auth/guards.server";
import { type I18nHandle, refusalKey, useI18n } from "~/modules/i18n/i18n";
import { getOpenIntroductionBetween } from "~/modules/introductions/workflow.server";
import { matchModerationSchema } from "~/modules/matching/schemas";
import { hideMatch } from "~/modules/matching/exclusions.server";
import { getCompanySummary, getMatch } from "~/modules/matching/store.server";
import { HideMatchForm, MatchBreakdown, MODERATION_REFUSALS } from "~/modules/matching/ui";
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
    "matching.admin.companyTitle",
    "matching.admin.seenAs",
    "matching.reason",
    "moderation",
    "notifications",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "matches.breakdown.title");

function pairOf(params: { companyId?: string; partnerId?: string }) {
  const companyId = parseRouteId(params.companyId);
  const partnerId = parseRouteId(params.partnerId);
  const company = getCompanySummary({ companyId });
  if (!company) throw notFound();
  return { company, partnerId };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const { company, partnerId } = pairOf(params);
  const match = getMatch({ companyId: company.id, partnerId });
  if (!match) throw notFound();
  return { company, match, open: getOpenIntroductionBetween({ companyId: company.id, partnerId }) };
}

/** Staff hide this match; the company's match page then lists it among the hidden ones. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const { company, partnerId } = pairOf(params);
  const form = await readForm(request);
  form.set("partnerId", String(partnerId));
  const parsed = parseForm(matchModerationSchema, form);
  const failed = (errors: FormErrors, status: number) => data({ errors, reason: parsed.values.reason ?? "" }, { status });
  if (!parsed.ok) return failed(parsed.errors, 400);
  if (parsed.data.intent !== "hide") return failed(formError("errors.form.invalid"), 400);
  const result = hideMatch({ companyId: company.id, partnerId, staffUserId: user.id, reason: parsed.data.reason });
  if (!result.ok && result.reason === "not_found") throw notFound();
  if (!result.ok) return failed(formError(refusalKey(MODERATION_REFUSALS, result.reason)), 409);
  return redirect(`/admin/matches/${company.id}?done=hidden`);
}

export default function StaffMatchPage() {
  const { t } = useI18n();
  const { company, match, open } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/admin/matches/${company.id}`} className="link">
          {t("matching.admin.companyTitle", { name: company.name })}
        </Link>
      </p>
      <p className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800">{t("matching.admin.seenAs", { name: company.name })}</p>
      <p>
        {open ? (
          <Link to={`/admin/introductions/${open.id}`} className="link">
            {t("adminIntro.matches.openPair", { company: company.name, partner: match.partner.name })}
          </Link>
        ) : (
          <Link to={`/admin/introductions/new?companyId=${company.id}&partnerId=${match.partner.id}`} className="link">
            {t("adminIntro.matches.introducePair", { company: company.name, partner: match.partner.name })}
          </Link>
        )}
      </p>
      <MatchBreakdown match={match} />
      <section aria-labelledby="hide-heading" className="card space-y-3">
        <h2 id="hide-heading" className="text-lg font-semibold">
          {t("moderation.hide.summary")}
        </h2>
        <p className="text-sm text-slate-700">{t("moderation.hide.lead")}</p>
        <FormError error={failed?.errors.formErrors[0]} />
        <HideMatchForm partnerId={match.partner.id} name={match.partner.name} error={failed?.errors.fieldErrors.reason?.[0]} defaultReason={failed?.reason} />
      </section>
    </div>
  );
}
