import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server";
import { getSuspendedCompanyOf } from "~/modules/companies/companies.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { FirmNameText } from "~/modules/introductions/ui";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: [
    "companies.status",
    "errors.intro",
    "intro.answerBy",
    "intro.ask",
    "intro.col",
    "intro.outcome",
    "intro.state",
    "intro.status",
    "staffCompany.reason",
    "suspended",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "suspended.title");

/**
 * Where a member of a suspended firm lands: every other member page sends them here (the guard),
 * and the modules refuse what the firm would do. Anyone else has nothing to read here.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const company = getSuspendedCompanyOf({ userId: user.id });
  if (!company) throw redirect("/");
  return { company };
}

export default function Suspended() {
  const { t, dates } = useI18n();
  const { company } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("suspended.title")}</h1>
      <p className="text-lg">
        <FirmNameText firm={company} />
      </p>
      <div role="alert" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
        <p>{t("suspended.lead", { company: company.name, date: dates.date(company.suspendedAt) })}</p>
        <p>{t("suspended.meaning")}</p>
      </div>
      <p>{t("suspended.contact")}</p>
      <Form method="post" action="/logout">
        <button type="submit" className="btn-secondary">
          {t("nav.signOut")}
        </button>
      </Form>
    </div>
  );
}
