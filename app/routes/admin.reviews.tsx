import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/auth/guards.server";
import { listReviewQueue } from "~/modules/companies/staff-views.server";
import { langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = {
  i18n: ["companies.field.country", "companies.field.name", "companies.status", "reviews", "staffCompany.reason", "taxonomy"],
};

export const meta: MetaFunction = (args) => pageTitle(args, "reviews.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  return { queue: listReviewQueue() };
}

export default function ReviewQueue() {
  const { t, locale } = useI18n();
  const label = useTaxonomyLabel();
  const { queue } = useLoaderData<typeof loader>();
  const when = (s: number | null) => (s ? new Date(s * 1000).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) : "");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("reviews.title")}</h1>
        <p className="mt-1 text-slate-700">{t("reviews.lead")}</p>
      </div>
      {queue.length === 0 ? (
        <p className="card text-slate-700">{t("reviews.empty")}</p>
      ) : (
        <div className="card overflow-x-auto p-0" {...scrollRegion(t("reviews.title"))}>
          <table className="stack-table w-full text-left text-sm">
            <caption className="sr-only">{t("reviews.title")}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-4 py-2">
                  {t("companies.field.name")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("companies.field.country")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("reviews.kind")}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t("reviews.submitted")}
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.map((c) => (
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
                  </td>
                  <td data-label={t("companies.field.country")} className="px-4 py-2">
                    {label("country", c.country)}
                  </td>
                  <td data-label={t("reviews.kind")} className="px-4 py-2">
                    {t(c.published ? "reviews.kindChange" : "reviews.kindNew")}
                  </td>
                  <td data-label={t("reviews.submitted")} className="px-4 py-2">
                    {when(c.submittedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
