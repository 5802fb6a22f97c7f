import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server";
import { getMembership } from "~/modules/companies/companies.server";
import { useI18n } from "~/modules/i18n/i18n";
import { companyIdParam, matchActionSchema } from "~/modules/matching/schemas";
import { dismissMatch, getMatch } from "~/modules/matching/store.server";
import { DismissForm, MatchBreakdown } from "~/modules/matching/ui";
import { parseForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "matches.breakdown.title");

/** A member's company only: any partner outside its list answers 404, whether or not it exists. */
function ownMatch(userId: string, param: string | undefined) {
  const partnerId = companyIdParam.safeParse(param);
  const membership = getMembership({ userId });
  if (!partnerId.success || !membership) throw new Response("Not found", { status: 404 });
  return { companyId: membership.companyId, partnerId: partnerId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const match = getMatch(ownMatch(user.id, params.partnerId));
  if (!match) throw new Response("Not found", { status: 404 });
  return { match };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const { companyId, partnerId } = ownMatch(user.id, params.partnerId);
  const parsed = parseForm(matchActionSchema, await request.formData());
  if (!parsed.ok || parsed.data.intent !== "dismiss" || parsed.data.partnerId !== partnerId) return data({ error: "errors.form.invalid" }, { status: 400 });
  if (!dismissMatch({ companyId, partnerId, userId: user.id }).ok) throw new Response("Not found", { status: 404 });
  return redirect("/matches?dismissed=1");
}

export default function MatchPage() {
  const { t } = useI18n();
  const { match } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/matches" className="link">
          {t("matches.breakdown.back")}
        </Link>
      </p>
      <MatchBreakdown match={match} />
      <DismissForm partnerId={match.partner.id} name={match.partner.name} />
    </div>
  );
}
