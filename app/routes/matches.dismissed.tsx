import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { getMembership } from "~/modules/companies/companies.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { dismissalNoticeSchema, restoreMatchSchema } from "~/modules/matching/schemas";
import { getDismissalNotice, listDismissedMatches, restoreMatch } from "~/modules/matching/store.server";
import { DismissalNotice } from "~/modules/matching/ui";
import { parseForm, readForm } from "~/utils/form";
import { notFound } from "~/utils/http";
import { pageTitle } from "~/utils/meta";

// The notice of an undo is the matches page's (matching/ui), with the words its module can name.
export const handle: I18nHandle = {
  i18n: [
    "companies.status",
    "errors.form",
    "errors.matches",
    "matches",
    "matching.reason",
    "moderation.errors",
    "moderation.hide",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "matches.dismissedList.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const membership = getMembership({ userId: user.id });
  if (!membership) return { dismissed: null, notice: null };
  const { restored } = dismissalNoticeSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const found = restored ? getDismissalNotice({ companyId: membership.companyId, partnerId: restored, restored: true }) : null;
  return { dismissed: listDismissedMatches({ companyId: membership.companyId }), notice: found && { ...found, restored: true } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const parsed = parseForm(restoreMatchSchema, await readForm(request));
  if (!parsed.ok) return data({ error: "errors.form.invalid" }, { status: 400 });
  const membership = getMembership({ userId: user.id });
  if (!membership) throw notFound();
  if (!restoreMatch({ companyId: membership.companyId, partnerId: parsed.data.partnerId, userId: user.id }).ok) throw notFound();
  return redirect(`/matches/dismissed?restored=${parsed.data.partnerId}`);
}

export default function DismissedMatches() {
  const { t, dates } = useI18n();
  const label = useTaxonomyLabel();
  const { dismissed, notice } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/matches" className="link">
          {t("matches.breakdown.back")}
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold">{t("matches.dismissedList.title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("matches.dismissedList.lead")}</p>
      </div>
      <DismissalNotice notice={notice} />
      {dismissed === null ? (
        <p className="card">{t("matches.noCompany")}</p>
      ) : dismissed.length === 0 ? (
        <p className="card">{t("matches.dismissedList.empty")}</p>
      ) : (
        <ul className="space-y-3">
          {dismissed.map((d) => (
            <li key={d.partnerId} className="card flex flex-wrap items-center justify-between gap-3 p-4">
              <div className="space-y-1">
                <h2 className="text-lg font-semibold">
                  {d.name}
                  {d.localName ? (
                    <span lang={langOfScript(d.localName)} className="ml-2 font-normal text-slate-700">
                      {d.localName}
                    </span>
                  ) : null}
                </h2>
                <p className="text-sm text-slate-700">
                  {label("country", d.country)} · {t("matches.dismissedList.when", { date: dates.date(d.dismissedAt) })}
                </p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="restore" />
                <input type="hidden" name="partnerId" value={d.partnerId} />
                <button type="submit" className="btn-secondary px-3 py-1 text-sm" aria-label={t("matches.restore.of", { name: d.name })}>
                  {t("matches.restore")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
