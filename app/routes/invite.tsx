import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/modules/auth/guards.server";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { acceptInvitation, getInvitation } from "~/modules/companies/invitations.server";
import { langOfScript } from "~/modules/companies/ui";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { readForm } from "~/utils/form";

export const handle: I18nHandle = { i18n: ["companies.status", "invite", "staffCompany.reason", "taxonomy"] };

export const meta: MetaFunction = (args) => pageTitle(args, "invite.title");

// The token travels in the query string, which the request log leaves out.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const invitation = token ? getInvitation({ token }) : null;
  const user = await getOptionalUser(request, context);
  return { token, invitation, user: user ? { email: user.email } : null };
}

const REASONS: Record<string, MessageKey> = {
  invalid: "invite.invalid",
  used: "invite.used",
  expired: "invite.expired",
  wrong_email: "invite.wrongEmail",
  already_member: "invite.alreadyMember",
  already_claimed: "invite.alreadyClaimed",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const token = String((await readForm(request)).get("token") ?? "");
  const result = acceptInvitation({ token, userId: user.id });
  if (!result.ok) return data({ error: REASONS[result.reason] }, { status: 400 });
  return redirect(`/companies/${result.companyId}/edit?joined=1`);
}

export default function Invite() {
  const { t } = useI18n();
  const { token, invitation, user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const here = `/invite?token=${encodeURIComponent(token)}`;
  if (!invitation || invitation.state !== "valid") {
    return (
      <div className="card mx-auto max-w-lg space-y-3">
        <h1 className="text-2xl font-bold">{t("invite.title")}</h1>
        <p className="text-slate-700">{t(!invitation ? "invite.invalid" : invitation.state === "used" ? "invite.used" : "invite.expired")}</p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">{t("invite.title")}</h1>
      <p className="text-slate-800">{t(invitation.kind === "claim" ? "invite.claimLead" : "invite.colleagueLead", { email: invitation.email })}</p>
      <p className="text-lg font-semibold">
        {invitation.companyName}
        {invitation.companyLocalName ? (
          <span lang={langOfScript(invitation.companyLocalName)} className="ml-2 font-normal text-slate-700">
            {invitation.companyLocalName}
          </span>
        ) : null}
      </p>
      {result?.error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(result.error)}
        </p>
      ) : null}
      {user ? (
        <Form method="post" className="space-y-3">
          <input type="hidden" name="token" value={token} />
          <p className="text-sm text-slate-700">{t("invite.signedInAs", { email: user.email })}</p>
          <button type="submit" className="btn">
            {t(invitation.kind === "claim" ? "invite.acceptClaim" : "invite.acceptColleague")}
          </button>
        </Form>
      ) : (
        <div className="space-y-2 text-sm text-slate-700">
          <p>{t("invite.signInFirst", { email: invitation.email })}</p>
          <p className="flex flex-wrap gap-3">
            <Link to={`/login?${new URLSearchParams({ redirectTo: here })}`} className="btn">
              {t("nav.signIn")}
            </Link>
            <Link to={`/signup?${new URLSearchParams({ redirectTo: here })}`} className="btn-secondary">
              {t("nav.signUp")}
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
