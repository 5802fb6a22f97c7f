import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { requireStaff } from "~/modules/auth/guards.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { rebuildFormSchema } from "~/modules/matching/schemas";
import { findCompanyByExternalId, getMatchingStatus, requestRebuild } from "~/modules/matching/store.server";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: ["errors.matches", "mail.status", "matching.admin", "moderation.errors", "notifications", "settings.aseanPairs", "settings.changeThere", "taxonomy"],
};

export const meta: MetaFunction = (args) => pageTitle(args, "matching.admin.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const externalId = new URL(request.url).searchParams.get("company")?.trim();
  if (externalId) {
    const found = findCompanyByExternalId({ externalId: externalId.slice(0, 64) });
    if (found) throw redirect(`/admin/matches/${found.id}`);
    return { status: getMatchingStatus(), notFound: externalId };
  }
  return { status: getMatchingStatus(), notFound: null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const parsed = parseForm(rebuildFormSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  requestRebuild({ staffUserId: user.id });
  return redirect("/admin/matching?saved=1");
}

export default function MatchingAdmin() {
  const { t, dates } = useI18n();
  const { status, notFound } = useLoaderData<typeof loader>();
  const rows: [string, string][] = [
    [t("matching.admin.lists"), String(status.lists)],
    [t("matching.admin.queued"), String(status.queued)],
    [t("matching.admin.version"), status.algorithmVersion ?? "—"],
    [t("matching.admin.rebuiltAt"), dates.dateTime(status.rebuiltAt)],
  ];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("matching.admin.title")}</h1>
        <p className="mt-1 text-slate-700">{t("matching.admin.lead")}</p>
      </div>
      <QueryNotice name="saved" keys="matching.admin.saved" />

      <Form method="get" className="card space-y-3" role="search" aria-label={t("matching.admin.lookup")}>
        <label htmlFor="lookup-company" className="block text-sm font-medium text-slate-800">
          {t("matching.admin.lookup.label")}
        </label>
        <div className="flex flex-wrap gap-3">
          <input
            id="lookup-company"
            name="company"
            defaultValue={notFound ?? ""}
            maxLength={64}
            className="input max-w-sm"
            aria-invalid={notFound ? true : undefined}
            aria-describedby={notFound ? "lookup-company-error" : undefined}
          />
          <button type="submit" className="btn">
            {t("matching.admin.lookup.submit")}
          </button>
        </div>
        {notFound ? (
          <p id="lookup-company-error" className="text-sm font-medium text-red-700">
            {t("matching.admin.lookup.notFound")}
          </p>
        ) : null}
      </Form>

      <section aria-labelledby="status-heading" className="card space-y-3">
        <h2 id="status-heading" className="text-lg font-semibold">
          {t("matching.admin.status")}
        </h2>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[14rem,1fr]">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-medium text-slate-700">{k}</dt>
              <dd className="tabular-nums">{v}</dd>
            </div>
          ))}
        </dl>
        {status.rebuildRequestedAt ? <p className="text-sm text-amber-900">{t("matching.admin.rebuildQueued")}</p> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="rebuild" />
          <button type="submit" className="btn-secondary" aria-describedby="rebuild-hint">
            {t("matching.admin.rebuild")}
          </button>
          <p id="rebuild-hint" className="mt-1 text-sm text-slate-600">
            {t("matching.admin.rebuild.hint")}
          </p>
        </Form>
      </section>

      <section aria-labelledby="rules-heading" className="card space-y-2">
        <h2 id="rules-heading" className="text-lg font-semibold">
          {t("matching.admin.aseanPairs.legend")}
        </h2>
        <p className="text-sm">{t(status.rules.aseanPairs ? "settings.aseanPairs.on" : "settings.aseanPairs.off")}</p>
        <p className="text-sm">
          <Link to="/admin/settings" className="link">
            {t("settings.changeThere")}
          </Link>
        </p>
      </section>
    </div>
  );
}
