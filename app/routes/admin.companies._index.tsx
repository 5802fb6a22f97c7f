import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { Pager } from "~/components/pager";
import { STAFF_COMPANY_FILTERS } from "~/modules/companies/limits";
import { staffCompanyQuerySchema } from "~/modules/companies/schemas";
import { requireStaff } from "~/modules/auth/guards.server";
import { listCompaniesForStaff } from "~/modules/companies/staff-views.server";
import { langOfScript, StatusBadge, useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = {
  i18n: [
    "companies.field.country",
    "companies.field.name",
    "companies.status",
    "directory.any",
    "directory.next",
    "directory.page",
    "directory.pages",
    "directory.previous",
    "directory.results",
    "directory.submit",
    "errors.company",
    "errors.email",
    "errors.review",
    "import.title",
    "staffCompanies",
    "staffCompany.done",
    "staffCompany.reason",
    "staffCompany.restore",
    "staffCompany.suspend",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "staffCompanies.title");

const STATUSES = STAFF_COMPANY_FILTERS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const query = staffCompanyQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query, result: listCompaniesForStaff(query) };
}

const DONE: Record<string, MessageKey> = { suspended: "staffCompany.done.suspended", restored: "staffCompany.done.restored" };

export default function StaffCompanies() {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const { query, result } = useLoaderData<typeof loader>();
  const pageLink = (page: number) =>
    `/admin/companies?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.status ? { status: query.status } : {}), page: String(page) })}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{t("staffCompanies.title")}</h1>
          <p className="mt-1 text-slate-700">{t("staffCompanies.lead")}</p>
        </div>
        <p className="flex flex-wrap gap-3 text-sm">
          <Link to="/admin/import" className="link">
            {t("import.title")}
          </Link>
          <a href="/admin/export.csv" className="link" download>
            {t("staffCompanies.export")}
          </a>
        </p>
      </div>
      <QueryNotice name="done" keys={DONE} />
      <Form method="get" className="card flex flex-wrap items-end gap-4" role="search" aria-label={t("staffCompanies.search")}>
        <div className="min-w-60 flex-1 space-y-1">
          <label htmlFor="staff-q" className="block text-sm font-medium text-slate-800">
            {t("staffCompanies.q")}
          </label>
          <input id="staff-q" name="q" type="search" defaultValue={query.q ?? ""} className="input" />
        </div>
        <div className="space-y-1">
          <label htmlFor="staff-status" className="block text-sm font-medium text-slate-800">
            {t("staffCompanies.status")}
          </label>
          <select id="staff-status" name="status" defaultValue={query.status ?? ""} className="input">
            <option value="">{t("directory.any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`companies.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">
          {t("directory.submit")}
        </button>
      </Form>
      <p className="text-sm text-slate-700">{t("directory.results", { count: result.total })}</p>
      <div className="card overflow-x-auto p-0" {...scrollRegion(t("staffCompanies.title"))}>
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">{t("staffCompanies.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-4 py-2">
                {t("companies.field.name")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("companies.field.country")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("staffCompanies.status")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("staffCompanies.users")}
              </th>
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">{t("staffCompanies.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {result.companies.map((c) => (
              <tr key={c.id} className="border-t border-slate-200">
                <td data-label={t("companies.field.name")} className="px-4 py-2">
                  <Link to={`/admin/companies/${c.id}`} className="link">
                    {c.name}
                  </Link>
                  {c.localName ? (
                    <span lang={langOfScript(c.localName)} className="ml-2 text-slate-600">
                      {c.localName}
                    </span>
                  ) : null}
                  <span className="block text-xs text-slate-600">{c.externalId}</span>
                </td>
                <td data-label={t("companies.field.country")} className="px-4 py-2">
                  {label("country", c.country)}
                </td>
                <td data-label={t("staffCompanies.status")} className="px-4 py-2">
                  <StatusBadge status={c.suspended ? "suspended" : c.status} />
                </td>
                <td data-label={t("staffCompanies.users")} className="px-4 py-2">
                  {c.members}
                </td>
                <td className="px-4 py-2">
                  <Form method="post" action={`/admin/companies/${c.id}`}>
                    <input type="hidden" name="returnTo" value="/admin/companies" />
                    <button
                      type="submit"
                      name="intent"
                      value={c.suspended ? "restore" : "suspend"}
                      className="rounded border border-slate-400 px-2 py-1 text-xs font-semibold text-slate-800 hover:bg-slate-100"
                      aria-label={t(c.suspended ? "staffCompanies.restoreNamed" : "staffCompanies.suspendNamed", { name: c.name })}
                    >
                      {t(c.suspended ? "staffCompany.restore" : "staffCompany.suspend")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={result.page} pages={result.pageCount} href={pageLink} />
    </div>
  );
}
