import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/auth/guards.server";
import { useI18n } from "~/modules/i18n/i18n";
import { companyIdParam } from "~/modules/matching/schemas";
import { getCompanySummary, getMatch } from "~/modules/matching/store.server";
import { MatchBreakdown } from "~/modules/matching/ui";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "matches.breakdown.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const companyId = companyIdParam.safeParse(params.companyId);
  const partnerId = companyIdParam.safeParse(params.partnerId);
  if (!companyId.success || !partnerId.success) throw new Response("Not found", { status: 404 });
  const company = getCompanySummary({ companyId: companyId.data });
  const match = company ? getMatch({ companyId: company.id, partnerId: partnerId.data }) : null;
  if (!company || !match) throw new Response("Not found", { status: 404 });
  return { company, match };
}

export default function StaffMatchPage() {
  const { t } = useI18n();
  const { company, match } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/admin/matches/${company.id}`} className="link">
          {t("matching.admin.companyTitle", { name: company.name })}
        </Link>
      </p>
      <p className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800">{t("matching.admin.seenAs", { name: company.name })}</p>
      <MatchBreakdown match={match} />
    </div>
  );
}
