import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/modules/auth/guards.server";
import { useI18n } from "~/modules/i18n/i18n";
import { matchingSettingsSchema } from "~/modules/matching/schemas";
import { findCompanyByExternalId, getMatchingStatus, requestRebuild, setAseanPairs } from "~/modules/matching/store.server";
import { formatUtc } from "~/modules/notifications/labels";
import { parseForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "matching.admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const externalId = new URL(request.url).searchParams.get("company")?.trim();
  if (externalId) {
    const found = findCompanyByExternalId({ externalId: externalId.slice(0, 64) });
    if (found) throw redirect(`/admin/matches/${found.id}`);
    return { status: getMatchingStatus(), notFound: externalId };
  }
  return { status: getMatchingStatus(), notFound: null };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  const parsed = parseForm(matchingSettingsSchema, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  if (parsed.data.intent === "aseanPairs") setAseanPairs({ allowed: parsed.data.allowed === "on", staffUserId: user.id });
  else requestRebuild();
  return redirect("/admin/matching?saved=1");
}

export default function MatchingAdmin() {
  const { t } = useI18n();
  const { status, notFound } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const rows: [string, string][] = [
    [t("matching.admin.lists"), String(status.lists)],
    [t("matching.admin.queued"), String(status.queued)],
    [t("matching.admin.version"), status.algorithmVersion ?? "—"],
    [t("matching.admin.rebuiltAt"), formatUtc(status.rebuiltAt)],
  ];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("matching.admin.title")}</h1>
        <p className="mt-1 text-slate-700">{t("matching.admin.lead")}</p>
      </div>
      {params.get("saved") ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          {t("matching.admin.saved")}
        </p>
      ) : null}

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

      <Form method="post" className="card space-y-3">
        <input type="hidden" name="intent" value="aseanPairs" />
        <fieldset className="space-y-2">
          <legend className="text-lg font-semibold">{t("matching.admin.aseanPairs.legend")}</legend>
          <div className="flex items-start gap-3">
            <input
              id="asean-pairs"
              type="checkbox"
              name="allowed"
              defaultChecked={status.rules.aseanPairs}
              aria-describedby="asean-pairs-hint"
              className="mt-1 h-4 w-4 rounded border-slate-400 text-teal-800 focus:ring-teal-700"
            />
            <div>
              <label htmlFor="asean-pairs" className="font-medium">
                {t("matching.admin.aseanPairs.label")}
              </label>
              <p id="asean-pairs-hint" className="text-sm text-slate-600">
                {t("matching.admin.aseanPairs.hint")}
              </p>
            </div>
          </div>
        </fieldset>
        <button type="submit" className="btn">
          {t("matching.admin.save")}
        </button>
      </Form>
    </div>
  );
}
