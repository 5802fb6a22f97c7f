import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/auth/guards.server";
import { countUsersByRole } from "~/modules/auth/users.server";
import { countReviewQueue } from "~/modules/companies/companies.server";
import { useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  return { counts: countUsersByRole(), pendingProfiles: countReviewQueue(), isAdmin: user.role === "admin" };
}

export default function AdminOverview() {
  const { t } = useI18n();
  const { counts, pendingProfiles, isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <p className="text-slate-700">{t("admin.lead")}</p>
      <ul className="grid gap-4 sm:grid-cols-3">
        <li className="card">
          <p className="text-sm text-slate-600">{t("admin.members")}</p>
          <p className="text-3xl font-bold">{counts.member}</p>
        </li>
        <li className="card">
          <p className="text-sm text-slate-600">{t("admin.staff")}</p>
          <p className="text-3xl font-bold">{counts.staff + counts.admin}</p>
        </li>
        <li className="card">
          <p className="text-sm text-slate-600">{t("admin.pendingProfiles")}</p>
          <p className="text-3xl font-bold">{pendingProfiles}</p>
        </li>
      </ul>
      <ul className="space-y-1">
        <li>
          <Link to="/admin/reviews" className="link">
            {t("reviews.title")}
          </Link>
        </li>
        <li>
          <Link to="/admin/companies" className="link">
            {t("staffCompanies.title")}
          </Link>
        </li>
        <li>
          <Link to="/admin/import" className="link">
            {t("import.title")}
          </Link>
        </li>
        <li>
          <Link to="/admin/settings" className="link">
            {t("settings.title")}
          </Link>
        </li>
        <li>
          <Link to="/admin/audit" className="link">
            {t("audit.title")}
          </Link>
        </li>
        <li>
          <Link to="/admin/analytics" className="link">
            {t("analytics.title")}
          </Link>
        </li>
      </ul>
      <p>
        <Link to="/admin/mail" className="link">
          {t("admin.mailLink")}
        </Link>
      </p>
      {isAdmin ? (
        <p>
          <Link to="/admin/staff" className="link">
            {t("nav.staffAccounts")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
