import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, useErrorText } from "~/components/field";
import { requireStaff } from "~/modules/auth/guards.server";
import { PARTNERSHIP_TYPES } from "~/modules/companies/taxonomy";
import { useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { MESSAGE_MAX } from "~/modules/introductions/limits";
import { introductionPairQuery, startIntroductionSchema } from "~/modules/introductions/schemas";
import { MatchBothWays } from "~/modules/introductions/staff-ui";
import { FirmNameText } from "~/modules/introductions/ui";
import { getOpenIntroductionBetween, startIntroduction } from "~/modules/introductions/workflow.server";
import { getCompanySummary, getMatch } from "~/modules/matching/store.server";
import { formError, parseForm, readForm, type FormErrors, type FormValues } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { notFound } from "~/utils/http";

export const handle: I18nHandle = {
  i18n: [
    "adminIntro.age",
    "adminIntro.col",
    "adminIntro.firm",
    "adminIntro.match",
    "adminIntro.new",
    "adminIntro.startedByStaff",
    "adminIntro.title",
    "adminIntro.to",
    "companies.status",
    "errors.intro",
    "intro.outcome",
    "intro.state",
    "intro.status",
    "mail.status",
    "matches",
    "matching.admin.companyTitle",
    "matching.reason",
    "moderation.errors",
    "moderation.hide",
    "notifications",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "adminIntro.new.title");

/** The two firms from the address (?companyId=&partnerId=): both must exist and differ. */
function pairOf(request: Request) {
  const query = introductionPairQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success || query.data.companyId === query.data.partnerId) throw notFound();
  const company = getCompanySummary({ companyId: query.data.companyId });
  const partner = getCompanySummary({ companyId: query.data.partnerId });
  if (!company || !partner) throw notFound();
  return { company, partner };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const { company, partner } = pairOf(request);
  return {
    company,
    partner,
    match: getMatch({ companyId: company.id, partnerId: partner.id }),
    reverseMatch: getMatch({ companyId: partner.id, partnerId: company.id }),
    open: getOpenIntroductionBetween({ companyId: company.id, partnerId: partner.id }),
  };
}

type ActionData = { errors: FormErrors; values: FormValues; openId?: number };

/** Staff introduce the two firms: no approval step, both firms hear of it and both must accept. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const { company, partner } = pairOf(request);
  const form = await readForm(request);
  const parsed = parseForm(startIntroductionSchema, form);
  const { values } = parsed;
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values }, { status: 400 });
  if (parsed.data.partnerId !== partner.id) return data<ActionData>({ errors: formError("errors.form.invalid"), values }, { status: 400 });
  const result = startIntroduction({
    staffUserId: user.id,
    companyId: company.id,
    partnerId: partner.id,
    purpose: parsed.data.purpose,
    message: parsed.data.message,
  });
  if (result.ok) return redirect(`/admin/introductions/${result.introductionId}?done=started`);
  if (result.reason === "not_staff") throw new Response("Forbidden", { status: 403 });
  if (result.reason === "already_open")
    return data<ActionData>({ errors: formError("adminIntro.new.openExists"), values, openId: result.introductionId }, { status: 409 });
  return data<ActionData>({ errors: formError("adminIntro.new.notListed"), values }, { status: 409 });
}

export default function NewStaffIntroduction() {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const errorText = useErrorText();
  const { company, partner, match, reverseMatch, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const openId = result?.openId ?? open?.id;
  const listed = company.visible && partner.visible;
  const purposeError = errorText(result?.errors.fieldErrors.purpose?.[0]);
  const messageError = errorText(result?.errors.fieldErrors.message?.[0]);
  const shown = ["purpose", "message"];
  // A refusal because the pair already has an introduction shows as the notice with its link below.
  const topError =
    result && !result.openId
      ? (result.errors.formErrors[0] ?? Object.entries(result.errors.fieldErrors).find(([k]) => !shown.includes(k))?.[1]?.[0])
      : undefined;
  const formAction = `/admin/introductions/new?${new URLSearchParams({ companyId: String(company.id), partnerId: String(partner.id) })}`;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/admin/matches/${company.id}`} className="link">
          {t("matching.admin.companyTitle", { name: company.name })}
        </Link>{" "}
        ·{" "}
        <Link to="/admin/introductions" className="link">
          {t("adminIntro.title")}
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold">{t("adminIntro.new.title")}</h1>
        <p className="mt-1 text-slate-700">{t("adminIntro.new.lead")}</p>
      </div>

      <ul className="grid gap-4 sm:grid-cols-2">
        {[company, partner].map((c) => (
          <li key={c.id} className="card space-y-1">
            <p className="font-semibold">
              <Link to={`/admin/companies/${c.id}`} className="link">
                <FirmNameText firm={c} />
              </Link>
            </p>
            <p className="text-sm text-slate-700">
              {label("country", c.country)} · {c.externalId}
            </p>
            {!c.visible ? <p className="text-sm text-amber-900">{t("adminIntro.firm.notListed")}</p> : null}
          </li>
        ))}
      </ul>

      <MatchBothWays a={company.name} b={partner.name} forward={match} reverse={reverseMatch} />

      <FormError error={topError} />
      {openId ? (
        <p role={result?.openId ? "alert" : undefined} className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900">
          {t("adminIntro.new.openExists")}{" "}
          <Link to={`/admin/introductions/${openId}`} className="link">
            {t("adminIntro.new.openLink", { id: openId })}
          </Link>
        </p>
      ) : !listed ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">{t("adminIntro.new.notListed")}</p>
      ) : (
        <section aria-labelledby="start-heading" className="card space-y-4">
          <h2 id="start-heading" className="text-lg font-semibold">
            {t("adminIntro.new.formTitle")}
          </h2>
          <Form method="post" action={formAction} className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="partnerId" value={partner.id} />
            <div className="space-y-1">
              <label htmlFor="field-purpose" className="block text-sm font-medium text-slate-800">
                {t("adminIntro.new.purpose")}
              </label>
              <select
                id="field-purpose"
                name="purpose"
                required
                defaultValue={result?.values.purpose ?? ""}
                className="input"
                aria-invalid={purposeError ? true : undefined}
                aria-describedby={purposeError ? "field-purpose-error" : undefined}
              >
                <option value="">{t("adminIntro.new.choosePurpose")}</option>
                {PARTNERSHIP_TYPES.map((p) => (
                  <option key={p} value={p}>
                    {label("partnershipType", p)}
                  </option>
                ))}
              </select>
              {purposeError ? (
                <p id="field-purpose-error" className="text-sm font-medium text-red-700">
                  {purposeError}
                </p>
              ) : null}
            </div>
            <div className="space-y-1">
              <label htmlFor="field-message" className="block text-sm font-medium text-slate-800">
                {t("adminIntro.new.message")}
              </label>
              <textarea
                id="field-message"
                name="message"
                rows={6}
                maxLength={MESSAGE_MAX}
                required
                defaultValue={result?.values.message}
                className="input"
                aria-invalid={messageError ? true : undefined}
                aria-describedby={messageError ? "field-message-hint field-message-error" : "field-message-hint"}
              />
              <p id="field-message-hint" className="text-sm text-slate-600">
                {t("adminIntro.new.messageHint")}
              </p>
              {messageError ? (
                <p id="field-message-error" className="text-sm font-medium text-red-700">
                  {messageError}
                </p>
              ) : null}
            </div>
            <button type="submit" className="btn">
              {t("adminIntro.new.submit")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
