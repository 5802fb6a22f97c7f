import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { requireStaff } from "~/modules/auth/guards.server";
import { queueImportFromForm } from "~/modules/companies/import-job.server";
import { IMPORT_FIELDS, IMPORT_MAX_BYTES, type ImportResult } from "~/modules/companies/import.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { logger } from "~/log.server";
import { readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { ImportReport } from "~/modules/companies/import-ui";

export const handle: I18nHandle = { i18n: ["import", "staffCompanies.title"] };

export const meta: MetaFunction = (args) => pageTitle(args, "import.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  return { maxMb: IMPORT_MAX_BYTES / 1024 / 1024, fields: IMPORT_FIELDS };
}

// Without JavaScript the form posts here; with it, the page sends the file to /admin/import/upload
// to show the upload's progress. Both queue the same import job and lead to its page, which shows
// the progress and, at the end, the result (docs/decisions/0007-jobs-table-runner.md).
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const queued = await queueImportFromForm(await readForm(request), { staffUserId: user.id });
  logger().info({ type: "import", event: "queued", userId: user.id, ok: queued.ok, ...(queued.ok ? { jobId: queued.jobId } : {}) });
  if (queued.ok) return redirect(`/admin/jobs/${queued.jobId}`);
  return data({ result: queued.result }, { status: 400 });
}

type Phase = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "checking" } | { kind: "failed" };

export default function ImportPage() {
  const { t } = useI18n();
  const { maxMb, fields } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [clientResult, setClientResult] = useState<ImportResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const result = clientResult ?? actionData?.result ?? null;
  const busy = phase.kind === "uploading" || phase.kind === "checking";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Progressive enhancement: an XHR upload reports progress, which fetch cannot.
    if (typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/admin/import/upload");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPhase({ kind: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => setPhase({ kind: "checking" });
    xhr.onload = () => {
      const body = xhr.response as ImportResult | { jobId: number } | null;
      if (body && typeof body === "object" && "jobId" in body) {
        navigate(`/admin/jobs/${body.jobId}`);
      } else if (body && typeof body === "object" && "ok" in body) {
        setClientResult(body);
        setPhase({ kind: "idle" });
        requestAnimationFrame(() => resultRef.current?.focus());
      } else {
        setPhase({ kind: "failed" });
      }
    };
    xhr.onerror = () => setPhase({ kind: "failed" });
    setClientResult(null);
    setPhase({ kind: "uploading", percent: 0 });
    xhr.send(new FormData(event.currentTarget));
  }

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/admin/companies" className="link">
            {t("staffCompanies.title")}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{t("import.title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("import.lead")}</p>
      </div>

      <form method="post" encType="multipart/form-data" className="card space-y-4" onSubmit={onSubmit} aria-labelledby="upload-heading">
        <h2 id="upload-heading" className="text-lg font-semibold">
          {t("import.upload")}
        </h2>
        <div className="space-y-1">
          <label htmlFor="field-file" className="block text-sm font-medium text-slate-800">
            {t("import.file")}
          </label>
          <input
            id="field-file"
            name="file"
            type="file"
            accept=".json,.csv,application/json,text/csv"
            required
            className="block text-sm"
            aria-describedby="field-file-hint"
          />
          <p id="field-file-hint" className="text-sm text-slate-600">
            {t("import.file.hint", { max: maxMb })}
          </p>
        </div>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">{t("import.status")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="status" value="approved" defaultChecked /> {t("import.status.approved")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="status" value="pending" /> {t("import.status.pending")}
          </label>
        </fieldset>
        <button type="submit" className="btn" disabled={busy}>
          {t("import.submit")}
        </button>
        {phase.kind === "uploading" ? (
          <div className="space-y-1">
            <label htmlFor="upload-progress" className="block text-sm text-slate-700">
              {t("import.uploading", { percent: phase.percent })}
            </label>
            <progress id="upload-progress" max={100} value={phase.percent} className="h-3 w-full" />
          </div>
        ) : phase.kind === "checking" ? (
          <div className="space-y-1">
            <label htmlFor="upload-progress" className="block text-sm text-slate-700">
              {t("import.checking")}
            </label>
            <progress id="upload-progress" className="h-3 w-full" />
          </div>
        ) : phase.kind === "failed" ? (
          <p role="alert" className="text-sm font-medium text-red-700">
            {t("import.failed")}
          </p>
        ) : null}
      </form>

      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="outline-none">
        {result ? <ImportReport result={result} /> : null}
      </div>

      <FormatHelp fields={fields} />
    </div>
  );
}

function FormatHelp({ fields }: { fields: readonly string[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="format-heading" className="card space-y-2 text-sm text-slate-700">
      <h2 id="format-heading" className="text-lg font-semibold text-slate-900">
        {t("import.format")}
      </h2>
      <p>{t("import.format.json")}</p>
      <p>{t("import.format.csv")}</p>
      <p>{t("import.format.rows")}</p>
      <p className="font-mono text-xs">{fields.join(", ")}</p>
    </section>
  );
}
