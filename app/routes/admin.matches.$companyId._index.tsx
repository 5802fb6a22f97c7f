import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/auth/guards.server";
import { useTaxonomyLabel } from "~/modules/companies/ui";
import { useI18n } from "~/modules/i18n/i18n";
import { companyIdParam, matchFiltersSchema } from "~/modules/matching/schemas";
import { getCompanySummary, listMatchesForCompany } from "~/modules/matching/store.server";
import { MatchFilters, MatchList } from "~/modules/matching/ui";
import { formatUtc } from "~/modules/notifications/labels";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "matching.admin.companyMatches");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const companyId = companyIdParam.safeParse(params.companyId);
  const company = companyId.success ? getCompanySummary({ companyId: companyId.data }) : null;
  if (!company) throw new Response("Not found", { status: 404 });
  const filters = matchFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { company, filters, result: company.visible ? listMatchesForCompany({ companyId: company.id, ...filters }) : null };
}

export default function CompanyMatches() {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const { company, filters, result } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/matching" className="link">
          {t("matching.admin.title")}
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold">{t("matching.admin.companyTitle", { name: company.name })}</h1>
        <p className="text-slate-700">
          {label("country", company.country)} · {company.externalId}
        </p>
      </div>
      {!company.visible ? (
        <p className="card">{t("matching.admin.notListed")}</p>
      ) : !result ? (
        <p className="card">{t("matches.computing")}</p>
      ) : (
        <section aria-labelledby="list-heading" className="space-y-4">
          <MatchFilters action={`/admin/matches/${company.id}`} filters={filters} />
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="list-heading" className="text-lg font-semibold">
              {t("matches.count", { shown: result.matches.length, total: result.total })}
            </h2>
            <p className="text-sm text-slate-600">{t("matches.updated", { time: formatUtc(result.computedAt) })}</p>
          </div>
          {result.matches.length ? (
            <MatchList matches={result.matches} detailHref={(id) => `/admin/matches/${company.id}/${id}`} />
          ) : (
            <p className="card">{t(result.total ? "matches.none" : "matches.empty")}</p>
          )}
        </section>
      )}
    </div>
  );
}
