import { formatUtc } from "~/utils/time";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { requireStaff } from "~/modules/auth/guards.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { countJobsByState, listJobs, retryFailedJob } from "~/modules/jobs/jobs.server";
import { JOB_STATE_LABELS, JOB_STATES, jobKindLabel } from "~/modules/jobs/labels";
import { jobActionSchema } from "~/modules/jobs/schemas";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = { i18n: ["jobs", "errors.form"] };

export const meta: MetaFunction = (args) => pageTitle(args, "jobs.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const param = new URL(request.url).searchParams.get("state");
  const state = JOB_STATES.find((s) => s === param);
  const jobs = listJobs({ state, limit: 200 }).map((j) => ({
    id: j.id,
    kind: j.kind,
    state: j.state,
    progress: j.progress,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    error: j.error,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  }));
  return { jobs, counts: countJobsByState(), state: state ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireStaff(request, context);
  const parsed = parseForm(jobActionSchema, await readForm(request));
  if (!parsed.ok) return data({ error: "errors.form.invalid" as const }, { status: 400 });
  const result = retryFailedJob({ id: parsed.data.id });
  if (!result.ok) return data({ error: "jobs.notFailed" as const }, { status: 409 });
  return redirect(`/admin/jobs?retried=${parsed.data.id}`);
}

export default function JobsPage() {
  const { t } = useI18n();
  const { jobs, counts, state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const total = JOB_STATES.reduce((n, s) => n + counts[s], 0);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("jobs.title")}</h1>
      <p className="text-slate-700">{t("jobs.lead")}</p>
      <QueryNotice name="retried" keys="jobs.retried" show={!actionData} />
      {actionData ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(actionData.error)}
        </p>
      ) : null}
      <nav aria-label={t("jobs.filter")} className="flex flex-wrap gap-2">
        <Link to="/admin/jobs" className="btn-secondary" aria-current={state === null ? "page" : undefined}>
          {t("jobs.filter.all", { count: total })}
        </Link>
        {JOB_STATES.map((s) => (
          <Link key={s} to={`/admin/jobs?state=${s}`} className="btn-secondary" aria-current={state === s ? "page" : undefined}>
            {t("jobs.stateCount", { state: t(JOB_STATE_LABELS[s]), count: counts[s] })}
          </Link>
        ))}
      </nav>
      <div className="card overflow-x-auto p-0" {...scrollRegion(t("jobs.title"))}>
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">{t("jobs.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              {(["id", "kind", "state", "progress", "attempts", "created", "finished", "error"] as const).map((c) => (
                <th key={c} scope="col" className="px-3 py-2">
                  {t(`jobs.col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {jobs.length === 0 ? (
              <tr>
                <td colSpan={8} className="px-3 py-4 text-slate-600">
                  {t("jobs.empty")}
                </td>
              </tr>
            ) : (
              jobs.map((j) => {
                const kind = jobKindLabel(j.kind);
                return (
                  <tr key={j.id} className="border-t border-slate-200 align-top">
                    <td data-label={t("jobs.col.id")} className="px-3 py-2 tabular-nums">
                      <Link to={`/admin/jobs/${j.id}`} className="link">
                        {j.id}
                      </Link>
                    </td>
                    <td data-label={t("jobs.col.kind")} className="px-3 py-2">
                      {kind ? t(kind) : j.kind}
                    </td>
                    <td data-label={t("jobs.col.state")} className="px-3 py-2">
                      <span className={j.state === "failed" ? "font-semibold text-red-800" : undefined}>{t(JOB_STATE_LABELS[j.state])}</span>
                    </td>
                    <td data-label={t("jobs.col.progress")} className="px-3 py-2 tabular-nums">
                      {j.progress?.total ? t("jobs.progress", { done: j.progress.done, total: j.progress.total }) : ""}
                    </td>
                    <td data-label={t("jobs.col.attempts")} className="px-3 py-2 tabular-nums">
                      {j.attempts}/{j.maxAttempts}
                    </td>
                    <td data-label={t("jobs.col.created")} className="whitespace-nowrap px-3 py-2">
                      {formatUtc(j.createdAt)}
                    </td>
                    <td data-label={t("jobs.col.finished")} className="whitespace-nowrap px-3 py-2">
                      {formatUtc(j.finishedAt)}
                    </td>
                    <td data-label={t("jobs.col.error")} className="max-w-xs px-3 py-2 break-words text-slate-700">
                      {j.error ?? ""}
                      {j.state === "failed" ? (
                        <Form method="post" className="mt-1">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="id" value={j.id} />
                          <button type="submit" className="btn-secondary px-2 py-1 text-xs">
                            {t("jobs.retry")}
                            <span className="sr-only">
                              {" "}
                              — {t("jobs.col.id")} {j.id}
                            </span>
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
