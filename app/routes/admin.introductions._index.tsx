import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/pager";
import { requireStaff } from "~/modules/auth/guards.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { countIntroductionsByStatus, listIntroductionQueue, listIntroductionsForStaff } from "~/modules/introductions/introductions.server";
import { INTRODUCTION_STATUSES, STATUS_LABELS } from "~/modules/introductions/labels";
import { staffIntroductionFiltersSchema } from "~/modules/introductions/schemas";
import { IntroductionTable } from "~/modules/introductions/staff-ui";
import { getCompanySummary } from "~/modules/matching/store.server";
import { pageTitle } from "~/utils/meta";
import { nowSeconds } from "~/utils/time";

export const handle: I18nHandle = {
  i18n: [
    "adminIntro.age",
    "adminIntro.all",
    "adminIntro.col",
    "adminIntro.filter",
    "adminIntro.lead",
    "adminIntro.match",
    "adminIntro.queue",
    "adminIntro.startedByStaff",
    "adminIntro.title",
    "adminIntro.to",
    "companies.status",
    "directory.next",
    "directory.page",
    "directory.pages",
    "directory.previous",
    "errors.intro",
    "intro.outcome",
    "intro.state",
    "intro.status",
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

export const meta: MetaFunction = (args) => pageTitle(args, "adminIntro.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const filters = staffIntroductionFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const company = filters.companyId ? getCompanySummary({ companyId: filters.companyId }) : null;
  return {
    filters,
    company,
    queue: listIntroductionQueue(),
    all: listIntroductionsForStaff(filters),
    counts: countIntroductionsByStatus(),
    now: nowSeconds(),
  };
}

export default function StaffIntroductions() {
  const { t } = useI18n();
  const { filters, company, queue, all, counts, now } = useLoaderData<typeof loader>();
  const pages = Math.max(1, Math.ceil(all.total / all.pageSize));
  const pageLink = (page: number) =>
    `/admin/introductions?${new URLSearchParams({
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.companyId ? { companyId: String(filters.companyId) } : {}),
      page: String(page),
    })}`;
  const filtered = !!(filters.status || filters.companyId);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold">{t("adminIntro.title")}</h1>
        <p className="mt-1 text-slate-700">{t("adminIntro.lead")}</p>
      </div>

      <section aria-labelledby="queue-heading" className="space-y-3">
        <h2 id="queue-heading" className="text-lg font-semibold">
          {t("adminIntro.queue.title", { count: queue.length })}
        </h2>
        <p className="text-sm text-slate-700">{t("adminIntro.queue.lead")}</p>
        {queue.length ? (
          <IntroductionTable rows={queue} caption={t("adminIntro.queue.caption")} now={now} />
        ) : (
          <p className="card text-slate-700">{t("adminIntro.queue.empty")}</p>
        )}
      </section>

      <section aria-labelledby="all-heading" className="space-y-3">
        <h2 id="all-heading" className="text-lg font-semibold">
          {t("adminIntro.all.title")}
        </h2>
        <Form
          method="get"
          action="/admin/introductions"
          className="card flex flex-wrap items-end gap-4"
          role="search"
          aria-label={t("adminIntro.filter.label")}
        >
          <div className="space-y-1">
            <label htmlFor="intro-status" className="block text-sm font-medium text-slate-800">
              {t("adminIntro.filter.status")}
            </label>
            <select id="intro-status" name="status" defaultValue={filters.status ?? ""} className="input">
              <option value="">{t("adminIntro.filter.any")}</option>
              {INTRODUCTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t("adminIntro.filter.option", { status: t(STATUS_LABELS[s]), count: counts[s] })}
                </option>
              ))}
            </select>
          </div>
          {filters.companyId ? <input type="hidden" name="companyId" value={filters.companyId} /> : null}
          <button type="submit" className="btn">
            {t("adminIntro.filter.submit")}
          </button>
          {filtered ? (
            <Link to="/admin/introductions" className="link text-sm">
              {t("adminIntro.filter.clear")}
            </Link>
          ) : null}
        </Form>
        {company ? (
          <p className="text-sm text-slate-700">
            {t("adminIntro.filter.company", { name: company.name })}{" "}
            <Link to={`/admin/companies/${company.id}`} className="link">
              {t("adminIntro.filter.companyPage")}
            </Link>
          </p>
        ) : null}
        <p className="text-sm text-slate-700">{t("adminIntro.all.count", { count: all.total })}</p>
        {all.introductions.length ? (
          <IntroductionTable rows={all.introductions} caption={t("adminIntro.all.title")} />
        ) : (
          <p className="card text-slate-700">{t("adminIntro.all.empty")}</p>
        )}
        <Pager page={all.page} pages={pages} href={pageLink} />
      </section>
    </div>
  );
}
