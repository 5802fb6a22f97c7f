import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireStaff } from "~/modules/auth/guards.server";
import { getImportJob } from "~/modules/companies/import-job.server";
import { ImportReport } from "~/modules/companies/import-ui";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { getJob } from "~/modules/jobs/jobs.server";
import { JOB_STATE_LABELS, jobKindLabel } from "~/modules/jobs/labels";
import { notFound, parseRouteId } from "~/utils/http";
import { pageTitle } from "~/utils/meta";

// An import's problems are worded by keys the import module returns (errors.company.*, import.errors.*).
export const handle: I18nHandle = { i18n: ["jobs", "import", "errors.company"] };

export const meta: MetaFunction = (args) => pageTitle(args, "jobs.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const id = parseRouteId(params.jobId);
  const job = getJob({ id });
  if (!job) throw notFound();
  const imported = getImportJob({ id });
  return {
    job: {
      id: job.id,
      kind: job.kind,
      state: job.state,
      progress: job.progress,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      error: job.error,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    },
    imported: imported ? { filename: imported.filename, result: imported.result } : null,
  };
}

/** How often an open page asks again while the job is not finished. */
const POLL_MS = 1500;

export default function JobPage() {
  const { t, dates } = useI18n();
  const { job, imported } = useLoaderData<typeof loader>();
  const location = useLocation();
  const revalidator = useRevalidator();
  const finished = job.state === "done" || job.state === "failed";
  // With JavaScript the page follows the job; without it, the Refresh link does.
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [finished, revalidator]);
  const kind = jobKindLabel(job.kind);
  const total = job.progress?.total ?? null;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/jobs" className="link">
          {t("jobs.detail.back")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("jobs.detail.title", { id: job.id, kind: kind ? t(kind) : job.kind })}</h1>
      {imported ? <p className="text-slate-700">{t("jobs.detail.file", { filename: imported.filename })}</p> : null}
      <dl className="card grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">{t("jobs.col.state")}</dt>
        <dd>{t(JOB_STATE_LABELS[job.state])}</dd>
        <dt className="font-medium">{t("jobs.col.attempts")}</dt>
        <dd className="tabular-nums">
          {job.attempts}/{job.maxAttempts}
        </dd>
        <dt className="font-medium">{t("jobs.col.created")}</dt>
        <dd>{dates.dateTime(job.createdAt)}</dd>
        <dt className="font-medium">{t("jobs.col.finished")}</dt>
        <dd>{dates.dateTime(job.finishedAt)}</dd>
      </dl>
      <div aria-live="polite" className="space-y-3">
        {!finished ? (
          <div className="space-y-1">
            <label htmlFor="job-progress" className="block text-sm text-slate-700">
              {job.state === "queued" ? t("jobs.detail.queued") : t("jobs.detail.running")}
              {total ? ` ${t("jobs.progress", { done: job.progress!.done, total })}` : ""}
            </label>
            {total ? (
              <progress id="job-progress" max={total} value={job.progress!.done} className="h-3 w-full" />
            ) : (
              <progress id="job-progress" className="h-3 w-full" />
            )}
            <p>
              <Link to={location.pathname} className="link text-sm" reloadDocument>
                {t("jobs.detail.refresh")}
              </Link>
            </p>
          </div>
        ) : job.state === "failed" ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {t("jobs.detail.failed", { error: job.error ?? "" })}
          </p>
        ) : imported?.result ? (
          <ImportReport result={imported.result} />
        ) : (
          <p>{t("jobs.detail.done")}</p>
        )}
      </div>
      {imported && finished ? (
        <p>
          <Link to="/admin/import" className="btn-secondary">
            {t("import.another")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
