import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { Field, FormError } from "~/components/field";
import { requireActiveUser, requireActiveVerifiedUser } from "~/modules/companies/guards.server";
import { getOwnCompany } from "~/modules/companies/companies.server";
import { inviteColleague, listTeam, removeMember, revokeInvitation, transferOwnership } from "~/modules/companies/invitations.server";
import { inviteFormSchema, teamActionSchema } from "~/modules/companies/schemas";
import { type I18nHandle, refusalKey, useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { fieldError, formError, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { notFound, parseRouteId } from "~/utils/http";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = {
  i18n: ["account.email", "account.name", "account.role", "companies.team", "errors.company", "errors.email", "errors.review", "taxonomy"],
};

export const meta: MetaFunction = (args) => pageTitle(args, "companies.team.title");

function companyOf(userId: string, companyId: string | undefined) {
  const company = getOwnCompany({ companyId: parseRouteId(companyId), userId });
  if (!company) throw notFound();
  return company;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const company = companyOf(user.id, params.companyId);
  return { company: { id: company.id, name: company.profile.name, role: company.role }, ...listTeam({ companyId: company.id }), me: user.id };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const company = companyOf(user.id, params.companyId);
  if (company.role !== "owner") throw new Response("Forbidden", { status: 403 });
  // An invitation is an e-mail to someone else: only from a confirmed address.
  await requireActiveVerifiedUser(request, context);
  const form = await readForm(request);
  if (form.has("intent")) {
    const change = parseForm(teamActionSchema, form);
    if (!change.ok) throw notFound();
    const done =
      change.data.intent === "remove"
        ? removeMember({ companyId: company.id, actorUserId: user.id, memberUserId: change.data.userId })
        : change.data.intent === "transfer"
          ? transferOwnership({ companyId: company.id, actorUserId: user.id, memberUserId: change.data.userId })
          : revokeInvitation({ companyId: company.id, actorUserId: user.id, invitationId: change.data.invitationId });
    if (!done.ok) {
      // A member or invitation of another firm (or one already gone) is not found; so is the rest.
      if (done.reason !== "last_owner") throw notFound();
      return data({ errors: formError(LAST_OWNER), values: {} as Record<string, string> }, { status: 409 });
    }
    // Removing oneself leaves the firm: its team page is no longer theirs.
    if (change.data.intent === "remove" && change.data.userId === user.id) return redirect("/account");
    return redirect(
      `/companies/${company.id}/team?${change.data.intent === "remove" ? "removed" : change.data.intent === "transfer" ? "transferred" : "revoked"}=1`,
    );
  }
  const parsed = parseForm(inviteFormSchema, form);
  const { values } = parsed;
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = inviteColleague({ companyId: company.id, inviterUserId: user.id, email: parsed.data.email });
  if (!result.ok) {
    // An unreviewed firm's limit names its domain, or says "a public address" when it has none.
    const reason = result.reason === "unreviewed_limit" && !result.domain ? "unreviewed_limit_public" : result.reason;
    // Anything else (no longer the owner, the firm suspended meanwhile) is not this page's to explain.
    if (!Object.hasOwn(INVITE_REFUSALS, reason)) throw notFound();
    const key = refusalKey(INVITE_REFUSALS, reason);
    const params: Record<string, string | number> =
      result.reason === "daily_limit"
        ? { limit: result.limit }
        : result.reason === "already_invited"
          ? { date: new Date(result.expiresAt * 1000).toISOString().slice(0, 10) }
          : result.reason === "unreviewed_limit"
            ? result.domain
              ? { limit: result.limit, domain: result.domain }
              : { limit: result.limit }
            : {};
    return data({ errors: fieldError("email", key, params), values, refusal: { key, params } }, { status: INVITE_STATUS[result.reason] ?? 400 });
  }
  return redirect(`/companies/${company.id}/team?invited=1`);
}

const LAST_OWNER = "companies.team.lastOwner";

/** The words of the invitation's refusals, for refusalKey. */
const INVITE_REFUSALS: Record<string, MessageKey> = {
  already_member: "companies.team.alreadyMember",
  self: "companies.team.self",
  daily_limit: "companies.team.dailyLimit",
  already_invited: "companies.team.alreadyInvited",
  unreviewed_limit: "companies.team.unreviewedLimit",
  unreviewed_limit_public: "companies.team.unreviewedLimitPublic",
};
const INVITE_STATUS: Record<string, number> = { self: 400, daily_limit: 429, already_invited: 409, unreviewed_limit: 403 };

export default function Team() {
  const { t } = useI18n();
  const { company, members, invitations, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <p className="text-sm">
          <Link to={`/companies/${company.id}/edit`} className="link">
            {t("companies.team.back")}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{t("companies.team.title")}</h1>
        <p className="mt-1 text-slate-700">{t("companies.team.lead", { company: company.name })}</p>
      </div>
      <QueryNotice name="invited" keys="companies.team.invited" show={!result} />
      <QueryNotice name="removed" keys="companies.team.removed" show={!result} />
      <QueryNotice name="revoked" keys="companies.team.revoked" show={!result} />
      <QueryNotice name="transferred" keys="companies.team.transferred" show={!result} />
      {result?.errors.formErrors[0] === LAST_OWNER ? <FormError error={LAST_OWNER} /> : null}
      <div className="card overflow-x-auto p-0" {...scrollRegion(t("companies.team.title"))}>
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">{t("companies.team.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-4 py-2">
                {t("account.name")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("account.email")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("account.role")}
              </th>
              {company.role === "owner" ? (
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">{t("companies.team.actions")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} className="border-t border-slate-200">
                <td data-label={t("account.name")} className="px-4 py-2">
                  {m.name}
                  {m.userId === me ? <span className="text-slate-600"> {t("companies.team.you")}</span> : null}
                </td>
                <td data-label={t("account.email")} className="px-4 py-2">
                  {m.email}
                </td>
                <td data-label={t("account.role")} className="px-4 py-2">
                  {t(m.role === "owner" ? "companies.team.owner" : "companies.team.member")}
                </td>
                {company.role === "owner" ? (
                  <td className="px-4 py-2">
                    <div className="flex flex-wrap gap-2">
                      {m.role !== "owner" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="transfer" />
                          <input type="hidden" name="userId" value={m.userId} />
                          <button type="submit" className="btn-secondary" aria-label={t("companies.team.transfer.of", { name: m.name })}>
                            {t("companies.team.transfer")}
                          </button>
                        </Form>
                      ) : null}
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" className="btn-secondary" aria-label={t("companies.team.remove.of", { name: m.name })}>
                          {t("companies.team.remove")}
                        </button>
                      </Form>
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
            {invitations.map((i) => (
              <tr key={`i${i.id}`} className="border-t border-slate-200 text-slate-600">
                <td data-label={t("account.name")} className="px-4 py-2">
                  —
                </td>
                <td data-label={t("account.email")} className="px-4 py-2">
                  {i.email}
                </td>
                <td data-label={t("account.role")} className="px-4 py-2">
                  {t("companies.team.invitedRole")}
                </td>
                {company.role === "owner" ? (
                  <td className="px-4 py-2">
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" className="btn-secondary" aria-label={t("companies.team.revoke.of", { email: i.email })}>
                        {t("companies.team.revoke")}
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {company.role === "owner" ? (
        <Form method="post" className="card space-y-4" noValidate aria-labelledby="invite-heading">
          <h2 id="invite-heading" className="text-lg font-semibold">
            {t("companies.team.invite")}
          </h2>
          <p className="text-sm text-slate-700">{t("companies.team.inviteLead")}</p>
          <FormError error={result?.errors.formErrors[0] === LAST_OWNER ? undefined : result?.errors.formErrors[0]} />
          <Field
            name="email"
            label="companies.team.email"
            type="email"
            autoComplete="off"
            defaultValue={result?.values.email}
            errors={result?.errors}
            required
          />
          <button type="submit" className="btn">
            {t("companies.team.inviteSubmit")}
          </button>
        </Form>
      ) : (
        <p className="text-sm text-slate-700">{t("companies.team.ownerInvites")}</p>
      )}
    </div>
  );
}
