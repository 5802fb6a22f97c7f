import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { createCompany, getMembership } from "~/modules/companies/companies.server";
import { ProfileForm, type ProfileValues } from "~/modules/companies/profile-form";
import { fieldIssues, profileFormSchema, type Profile } from "~/modules/companies/schemas";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = { i18n: ["companies", "errors.company", "errors.email", "errors.review", "picker", "staffCompany.reason", "taxonomy"] };

export const meta: MetaFunction = (args) => pageTitle(args, "companies.new.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  // A user belongs to one company: someone who has one edits it instead.
  const membership = getMembership({ userId: user.id });
  if (membership) throw redirect(`/companies/${membership.companyId}/edit`);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const parsed = parseForm(profileFormSchema, await readForm(request), { issues: fieldIssues });
  if (!parsed.ok) return data({ errors: parsed.errors, values: { ...parsed.values, ...parsed.lists } }, { status: 400 });
  const { intent, ...profile } = parsed.data;
  const created = createCompany({ userId: user.id, profile: profile as Profile, submit: intent === "submit" });
  if (!created.ok) {
    const membership = getMembership({ userId: user.id });
    throw redirect(membership ? `/companies/${membership.companyId}/edit` : "/");
  }
  return redirect(`/companies/${created.companyId}/edit?saved=${intent === "submit" ? "submitted" : "saved"}`);
}

export default function NewCompany() {
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("companies.new.title")}</h1>
        <p className="mt-1 max-w-2xl text-slate-700">{t("companies.new.lead")}</p>
      </div>
      <ProfileForm values={(result?.values ?? {}) as ProfileValues} errors={result?.errors} />
    </div>
  );
}
