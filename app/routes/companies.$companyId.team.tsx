import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { Field, FormError } from "~/components/field";
import { requireActiveUser, requireActiveVerifiedUser } from "~/modules/companies/guards.server";
import { getOwnCompany } from "~/modules/companies/companies.server";
import { inviteColleague, listTeam } from "~/modules/companies/invitations.server";
import { inviteFormSchema } from "~/modules/companies/schemas";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { fieldError, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { notFound, parseRouteId } from "~/utils/http";

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
  const parsed = parseForm(inviteFormSchema, form);
  const { values } = parsed;
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = inviteColleague({ companyId: company.id, inviterUserId: user.id, email: parsed.data.email });
  if (!result.ok) {
    const refused = (key: MessageKey, params: Record<string, string | number> = {}, status = 400) =>
      data({ errors: fieldError("email", key), values, refusal: { key, params } }, { status });
    switch (result.reason) {
      case "already_member":
        return refused("companies.team.alreadyMember");
      case "daily_limit":
        return refused("companies.team.dailyLimit", { limit: result.limit }, 429);
      case "already_invited":
        return refused("companies.team.alreadyInvited", { date: new Date(result.expiresAt * 1000).toISOString().slice(0, 10) }, 409);
      case "unreviewed_limit":
        return result.domain
          ? refused("companies.team.unreviewedLimit", { limit: result.limit, domain: result.domain }, 403)
          : refused("companies.team.unreviewedLimitPublic", { limit: result.limit }, 403);
      default:
        throw notFound();
    }
  }
  return redirect(`/companies/${company.id}/team?invited=1`);
}

type Refusal = { key: MessageKey; params: Record<string, string | number> };

export default function Team() {
  const { t } = useI18n();
  const { company, members, invitations, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const refusal = result && "refusal" in result ? (result.refusal as Refusal) : undefined;
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
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
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
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} className="border-t border-slate-200">
                <td className="px-4 py-2">
                  {m.name}
                  {m.userId === me ? <span className="text-slate-600"> {t("companies.team.you")}</span> : null}
                </td>
                <td className="px-4 py-2">{m.email}</td>
                <td className="px-4 py-2">{t(m.role === "owner" ? "companies.team.owner" : "companies.team.member")}</td>
              </tr>
            ))}
            {invitations.map((i) => (
              <tr key={`i${i.id}`} className="border-t border-slate-200 text-slate-600">
                <td className="px-4 py-2">—</td>
                <td className="px-4 py-2">{i.email}</td>
                <td className="px-4 py-2">{t("companies.team.invitedRole")}</td>
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
          <FormError error={result?.errors.formErrors[0]} />
          <Field
            name="email"
            label="companies.team.email"
            type="email"
            autoComplete="off"
            defaultValue={result?.values.email}
            errors={result?.errors.fieldErrors.email}
            errorMessage={refusal ? t(refusal.key, refusal.params) : undefined}
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
