import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/auth/guards.server";
import { countUsersByRole } from "~/modules/auth/users.server";
import { countReviewQueue } from "~/modules/companies/staff-views.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { getIntroductionOverview } from "~/modules/introductions/overview.server";
import { useAge } from "~/modules/introductions/staff-ui";
import { countOutboxByStatus } from "~/modules/notifications/outbox.server";
import { pageTitle } from "~/utils/meta";
import { nowSeconds } from "~/utils/time";

export const handle: I18nHandle = {
  i18n: [
    "admin",
    "jobs.title",
    "adminIntro.age",
    "adminIntro.col",
    "adminIntro.match",
    "adminIntro.startedByStaff",
    "adminIntro.title",
    "adminIntro.to",
    "analytics.title",
    "audit.title",
    "companies.status",
    "errors.intro",
    "import.title",
    "intro.outcome",
    "intro.state",
    "intro.status",
    "mail.status",
    "matches",
    "matching.admin.title",
    "matching.reason",
    "moderation.errors",
    "moderation.hide",
    "notifications",
    "overview",
    "reviews.title",
    "settings.title",
    "staffCompanies.export",
    "staffCompanies.title",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "admin.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const now = nowSeconds();
  return {
    counts: countUsersByRole(),
    pendingProfiles: countReviewQueue(),
    isAdmin: user.role === "admin",
    introductions: getIntroductionOverview({ now }),
    mailFailed: countOutboxByStatus().failed,
    now,
  };
}

export default function AdminOverview() {
  const { t } = useI18n();
  const age = useAge();
  const { counts, pendingProfiles, isAdmin, introductions, mailFailed, now } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <p className="text-slate-700">{t("overview.lead")}</p>
      <section aria-labelledby="queues-heading" className="space-y-3">
        <h2 id="queues-heading" className="text-lg font-semibold">
          {t("overview.queues")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <li className="card space-y-1">
            <p className="text-sm text-slate-600">{t("overview.introRequests")}</p>
            <p className="text-3xl font-bold">{introductions.awaitingDecision}</p>
            {introductions.oldestRequestedAt !== null ? (
              <p className="text-sm text-slate-700">{t("overview.oldest", { age: age(introductions.oldestRequestedAt, now) })}</p>
            ) : null}
            <Link to="/admin/introductions" className="link text-sm">
              {t("overview.introRequests.link")}
            </Link>
          </li>
          <li className="card space-y-1">
            <p className="text-sm text-slate-600">{t("admin.pendingProfiles")}</p>
            <p className="text-3xl font-bold">{pendingProfiles}</p>
            <Link to="/admin/reviews" className="link text-sm">
              {t("overview.pendingProfiles.link")}
            </Link>
          </li>
          <li className="card space-y-1">
            <p className="text-sm text-slate-600">{t("overview.awaitingFirms")}</p>
            <p className="text-3xl font-bold">{introductions.awaitingFirms}</p>
            <Link to="/admin/introductions?status=approved" className="link text-sm">
              {t("overview.awaitingFirms.link")}
            </Link>
          </li>
          <li className="card space-y-1">
            <p className="text-sm text-slate-600">{t("overview.acceptedThisMonth")}</p>
            <p className="text-3xl font-bold">{introductions.acceptedThisMonth}</p>
            <Link to="/admin/introductions?status=accepted" className="link text-sm">
              {t("overview.acceptedThisMonth.link")}
            </Link>
          </li>
          <li className="card space-y-1">
            <p className="text-sm text-slate-600">{t("overview.mailFailures")}</p>
            <p className="text-3xl font-bold">{mailFailed}</p>
            <Link to="/admin/mail?status=failed" className="link text-sm">
              {t("overview.mailFailures.link")}
            </Link>
          </li>
          <li className="card space-y-1">
            <p className="text-sm text-slate-600">{t("admin.members")}</p>
            <p className="text-3xl font-bold">{counts.member}</p>
            <p className="text-sm text-slate-600">{t("admin.staff")}</p>
            <p className="text-3xl font-bold">{counts.staff + counts.admin}</p>
          </li>
        </ul>
      </section>
      <nav aria-labelledby="pages-heading" className="space-y-2">
        <h2 id="pages-heading" className="text-lg font-semibold">
          {t("overview.pages")}
        </h2>
        <ul className="space-y-1">
          <li>
            <Link to="/admin/introductions" className="link">
              {t("adminIntro.title")}
            </Link>
          </li>
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
            {" · "}
            <a href="/admin/export.csv" className="link" download>
              {t("staffCompanies.export")}
            </a>
          </li>
          <li>
            <Link to="/admin/matching" className="link">
              {t("matching.admin.title")}
            </Link>
          </li>
          <li>
            <Link to="/admin/companies" className="link">
              {t("overview.moderation")}
            </Link>{" "}
            <span className="text-sm text-slate-600">{t("overview.moderation.hint")}</span>
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
          <li>
            <Link to="/admin/mail" className="link">
              {t("admin.mailLink")}
            </Link>
          </li>
          <li>
            <Link to="/admin/jobs" className="link">
              {t("jobs.title")}
            </Link>
          </li>
          {isAdmin ? (
            <li>
              <Link to="/admin/staff" className="link">
                {t("nav.staffAccounts")}
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
    </div>
  );
}
