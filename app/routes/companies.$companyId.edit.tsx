import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { withReadableChannels } from "~/modules/companies/channels.server";
import { getOwnCompany, saveProfile } from "~/modules/companies/companies.server";
import { ProfileForm, type ProfileValues } from "~/modules/companies/profile-form";
import { fieldIssues, profileFormSchema, type Profile } from "~/modules/companies/schemas";
import { StatusBadge } from "~/modules/companies/ui";
import { type I18nHandle, useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { notFound, parseRouteId } from "~/utils/http";

export const handle: I18nHandle = { i18n: ["companies", "errors.company", "errors.email", "errors.review", "picker", "staffCompany.reason", "taxonomy"] };

export const meta: MetaFunction = (args) => pageTitle(args, "companies.edit.title");

/** The company of the URL if the signed-in user belongs to it; anyone else gets 404. */
async function ownCompany({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const company = getOwnCompany({ companyId: parseRouteId(params.companyId), userId: user.id });
  if (!company) throw notFound();
  return { user, company };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { company } = await ownCompany({ request, params, context });
  // Numbers in international format (stored E.164); saved again, they read back the same.
  return { company: { ...company, profile: withReadableChannels(company.profile) } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, company } = await ownCompany({ request, params, context });
  const parsed = parseForm(profileFormSchema, await readForm(request), { issues: fieldIssues });
  if (!parsed.ok) return data({ errors: parsed.errors, values: { ...parsed.values, ...parsed.lists } }, { status: 400 });
  const { intent, ...profile } = parsed.data;
  const result = saveProfile({ companyId: company.id, userId: user.id, profile: profile as Profile, submit: intent === "submit" });
  if (!result.ok) throw notFound();
  return redirect(`/companies/${company.id}/edit?saved=${result.outcome}`);
}

const SAVED: Record<string, MessageKey> = {
  saved: "companies.edit.saved",
  savedBesideListing: "companies.edit.savedBesideListing",
  submitted: "companies.edit.submitted",
  published: "companies.edit.published",
};

export default function EditCompany() {
  const { t } = useI18n();
  const { company } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const status = company.suspended ? "suspended" : company.status;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{t("companies.edit.title")}</h1>
          <p className="mt-1 text-slate-700">
            {company.profile.name} <StatusBadge status={status} />
          </p>
        </div>
        <nav aria-label={t("companies.edit.links")} className="flex flex-wrap gap-3 text-sm">
          {company.visible ? (
            <Link to={`/companies/${company.id}`} className="link">
              {t("companies.edit.viewListing")}
            </Link>
          ) : null}
          <Link to={`/companies/${company.id}/team`} className="link">
            {t("companies.team.title")}
          </Link>
        </nav>
      </div>

      <QueryNotice name="saved" keys={SAVED} show={!result} />

      <StatusPanel company={company} />

      <ProfileForm values={(result?.values ?? company.profile) as ProfileValues} errors={result?.errors} />
    </div>
  );
}

function StatusPanel({ company }: { company: ReturnType<typeof useLoaderData<typeof loader>>["company"] }) {
  const { t } = useI18n();
  if (company.suspended) {
    return <Panel tone="dark">{t("companies.state.suspended")}</Panel>;
  }
  if (company.status === "rejected") {
    return (
      <Panel tone="red">
        <h2 className="font-semibold">{t("companies.state.rejected")}</h2>
        <p className="mt-1">{t("companies.state.reason")}</p>
        <blockquote className="mt-2 whitespace-pre-line border-l-4 border-red-300 pl-3" data-testid="rejection-reason">
          {company.rejectionReason}
        </blockquote>
        {company.published ? <p className="mt-2">{t("companies.state.stillListed")}</p> : null}
      </Panel>
    );
  }
  if (company.status === "pending") {
    return <Panel tone="amber">{t(company.published ? "companies.state.pendingChange" : "companies.state.pending")}</Panel>;
  }
  if (company.status === "draft") {
    return <Panel tone="slate">{t(company.hasUnpublishedChanges ? "companies.state.draftChange" : "companies.state.draft")}</Panel>;
  }
  return <Panel tone="green">{t("companies.state.approved")}</Panel>;
}

const TONES = {
  dark: "border-slate-700 bg-slate-800 text-white",
  red: "border-red-300 bg-red-50 text-red-900",
  amber: "border-amber-300 bg-amber-50 text-amber-900",
  slate: "border-slate-300 bg-slate-50 text-slate-800",
  green: "border-green-300 bg-green-50 text-green-900",
};

function Panel({ tone, children }: { tone: keyof typeof TONES; children: React.ReactNode }) {
  return <div className={`rounded-md border p-4 text-sm ${TONES[tone]}`}>{children}</div>;
}
