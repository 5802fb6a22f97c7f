import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActiveUser, requireActiveVerifiedUser } from "~/modules/companies/guards.server";
import { getMembership } from "~/modules/companies/companies.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { askForIntroductionAction } from "~/modules/introductions/ask.server";
import { getAskState, getIntroductionOfMatch } from "~/modules/introductions/member.server";
import { AskIntroduction } from "~/modules/introductions/member-ui";
import { IntroductionOnMatch } from "~/modules/introductions/on-match-ui";
import { matchActionSchema } from "~/modules/matching/schemas";
import { dismissMatch, getMatch } from "~/modules/matching/store.server";
import { DismissButton, DismissForm, MatchBreakdown } from "~/modules/matching/ui";
import { parseForm, readForm } from "~/utils/form";
import { notFound, parseRouteId } from "~/utils/http";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: [
    "companies.status",
    "errors.intro",
    "errors.matches",
    "intro.answerBy",
    "intro.ask",
    "intro.col",
    "intro.onMatch",
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

export const meta: MetaFunction = (args) => pageTitle(args, "matches.breakdown.title");

/** A member's company only: any partner outside its list answers 404, whether or not it exists. */
function ownMatch(userId: string, param: string | undefined) {
  const partnerId = parseRouteId(param);
  const membership = getMembership({ userId });
  if (!membership) throw notFound();
  return { companyId: membership.companyId, partnerId };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const match = getMatch(ownMatch(user.id, params.partnerId));
  if (!match) throw notFound();
  return {
    match,
    ask: getAskState({ userId: user.id, partnerId: match.partner.id }),
    introduction: getIntroductionOfMatch({ userId: user.id, partnerId: match.partner.id }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const { companyId, partnerId } = ownMatch(user.id, params.partnerId);
  const form = await readForm(request);
  if (form.get("intent") === "request") {
    // Asking reaches another firm: only with a confirmed address.
    await requireActiveVerifiedUser(request, context);
    return askForIntroductionAction({ userId: user.id, partnerId, form });
  }
  const parsed = parseForm(matchActionSchema, form);
  if (!parsed.ok || parsed.data.intent !== "dismiss" || parsed.data.partnerId !== partnerId) return data({ error: "errors.form.invalid" }, { status: 400 });
  if (!dismissMatch({ companyId, partnerId, userId: user.id }).ok) throw notFound();
  return redirect(`/matches?dismissed=${partnerId}`);
}

export default function MatchPage() {
  const { t } = useI18n();
  const { match, ask, introduction } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/matches" className="link">
          {t("matches.breakdown.back")}
        </Link>
      </p>
      <IntroductionOnMatch introduction={introduction} />
      <MatchBreakdown match={match} />
      <AskIntroduction ask={ask} partnerName={match.partner.name} result={result && "ask" in result ? result.ask : undefined} />
      <DismissForm>
        <DismissButton partnerId={match.partner.id} name={match.partner.name} />
      </DismissForm>
    </div>
  );
}
