import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Field } from "~/components/field";
import { fieldError } from "~/utils/form";
import { listAudit, listAuditVocabulary } from "~/modules/audit/audit.server";
import { auditActionLabel } from "~/modules/audit/labels";
import { auditFiltersSchema, auditRange } from "~/modules/audit/schemas";
import { requireStaff } from "~/modules/auth/guards.server";
import { type I18nHandle, isMessageKey, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = { i18n: ["audit"] };

export const meta: MetaFunction = (args) => pageTitle(args, "audit.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = auditFiltersSchema.safeParse(query);
  const vocabulary = listAuditVocabulary();
  const values = { actor: "", action: "", entityType: "", entityId: "", from: "", to: "", ...query };
  if (!parsed.success) {
    const errors: Record<string, string | undefined> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data({ values, vocabulary, errors, log: null }, { status: 400 });
  }
  const { from, to, page, ...filters } = parsed.data;
  const log = listAudit({ ...filters, ...auditRange({ from, to }), page });
  return { values, vocabulary, errors: {} as Record<string, string | undefined>, log };
}

/** The record's own staff page, where there is one. */
function recordHref(entityType: string, entityId: string | null) {
  if (!entityId) return null;
  if (entityType === "company") return `/admin/companies/${entityId}`;
  if (entityType === "outbox") return `/admin/mail/${entityId}`;
  if (entityType === "match") return `/admin/matches/${entityId.split(":")[0]}`;
  return null;
}

const utc = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;

export default function AuditLog() {
  const { t, messages } = useI18n();
  const { values, vocabulary, errors, log } = useLoaderData<typeof loader>();
  const location = useLocation();
  // A code the app no longer writes (an old row) shows as itself.
  const actionLabel = (code: string) => {
    const key = auditActionLabel(code);
    return key ? t(key) : code;
  };
  const entityLabel = (code: string) => {
    const key = `audit.entity.${code}`;
    return isMessageKey(messages, key) ? t(key) : code;
  };
  const pageHref = (page: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(page));
    return `/admin/audit?${params}`;
  };
  const pages = log ? Math.max(1, Math.ceil(log.total / log.pageSize)) : 1;
  const filtered = ["actor", "action", "entityType", "entityId", "from", "to"].some((k) => values[k as keyof typeof values]);
  const text = (name: keyof typeof values, key: MessageKey, type = "text") => {
    const error = errors[name];
    return <Field name={name} label={key} type={type} defaultValue={values[name]} errors={error ? fieldError(name, error) : undefined} />;
  };
  const select = (name: "action" | "entityType", key: Parameters<typeof t>[0], options: string[], label: (code: string) => string) => (
    <div className="space-y-1">
      <label htmlFor={`audit-${name}`} className="block text-sm font-medium text-slate-800">
        {t(key)}
      </label>
      <select id={`audit-${name}`} name={name} defaultValue={values[name]} className="input">
        <option value="">{t("audit.filter.any")}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
        <p className="mt-1 text-slate-700">{t("audit.lead")}</p>
      </div>

      <Form method="get" className="card grid gap-4 p-4 sm:grid-cols-3" role="search" aria-label={t("audit.filters")}>
        {text("actor", "audit.filter.actor")}
        {select("action", "audit.filter.action", vocabulary.actions, actionLabel)}
        {select("entityType", "audit.filter.entityType", vocabulary.entityTypes, entityLabel)}
        {text("entityId", "audit.filter.entityId")}
        {text("from", "audit.filter.from", "date")}
        {text("to", "audit.filter.to", "date")}
        <div className="flex items-end gap-3 sm:col-span-3">
          <button type="submit" className="btn">
            {t("audit.filter.submit")}
          </button>
          {filtered ? (
            <Link to="/admin/audit" className="link text-sm">
              {t("audit.filter.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      {log ? (
        <section aria-labelledby="entries-heading" className="space-y-3">
          <h2 id="entries-heading" className="text-lg font-semibold">
            {t("audit.count", { count: log.total })}
          </h2>
          {log.entries.length ? (
            <div className="card overflow-x-auto p-0" {...scrollRegion(t("audit.caption", { page: log.page, pages }))}>
              <table className="stack-table w-full text-left text-sm">
                <caption className="sr-only">{t("audit.caption", { page: log.page, pages })}</caption>
                <thead className="bg-slate-100">
                  <tr>
                    <th scope="col" className="px-3 py-2">
                      {t("audit.col.when")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t("audit.col.who")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t("audit.col.what")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t("audit.col.record")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t("audit.col.changes")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {log.entries.map((e) => {
                    const href = recordHref(e.entityType, e.entityId);
                    return (
                      <tr key={e.id} className="border-t border-slate-200 align-top">
                        <td data-label={t("audit.col.when")} className="whitespace-nowrap px-3 py-2 tabular-nums">
                          <time dateTime={new Date(e.createdAt * 1000).toISOString()}>{utc(e.createdAt)}</time>
                        </td>
                        <td data-label={t("audit.col.who")} className="px-3 py-2">
                          {e.actorEmail ?? (e.actorUserId ? t("audit.actor.gone") : t("audit.actor.system"))}
                        </td>
                        <th scope="row" data-label={t("audit.col.what")} className="px-3 py-2 font-normal">
                          {actionLabel(e.action)}
                          <span className="block font-mono text-xs text-slate-600">{e.action}</span>
                        </th>
                        <td data-label={t("audit.col.record")} className="px-3 py-2">
                          {entityLabel(e.entityType)}
                          {e.entityId ? (
                            <span className="block font-mono text-xs">
                              {href ? (
                                <Link to={href} className="link">
                                  {e.entityId}
                                </Link>
                              ) : (
                                e.entityId
                              )}
                            </span>
                          ) : null}
                        </td>
                        <td data-label={t("audit.col.changes")} className="px-3 py-2">
                          <Changes before={e.before} after={e.after} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="card">{t(filtered ? "audit.none" : "audit.empty")}</p>
          )}
          {pages > 1 ? (
            <nav aria-label={t("audit.pages")} className="flex items-center gap-4 text-sm">
              {log.page > 1 ? (
                <Link to={pageHref(log.page - 1)} className="link" rel="prev">
                  {t("audit.prev")}
                </Link>
              ) : null}
              <span>{t("audit.page", { page: log.page, pages })}</span>
              {log.page < pages ? (
                <Link to={pageHref(log.page + 1)} className="link" rel="next">
                  {t("audit.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** Before and after side by side, one field a line; only objects' fields, anything else as JSON. */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  if (before == null && after == null) return <span className="text-slate-500">—</span>;
  const side = (titleKey: "audit.before" | "audit.after", value: unknown) =>
    value == null ? null : (
      <div className="min-w-[10rem]">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t(titleKey)}</p>
        {isRecord(value) ? (
          <dl className="grid grid-cols-[auto,1fr] gap-x-2 text-xs">
            {Object.entries(value).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-slate-600">{k}</dt>
                <dd className="whitespace-pre-line break-words">{show(v, t("audit.yes"), t("audit.no"))}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <pre className="whitespace-pre-wrap text-xs">{JSON.stringify(value, null, 2)}</pre>
        )}
      </div>
    );
  return (
    <div className="flex flex-wrap gap-4">
      {side("audit.before", before)}
      {side("audit.after", after)}
    </div>
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown, yes: string, no: string) {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? yes : no;
  if (typeof v === "string" || typeof v === "number") return String(v);
  return JSON.stringify(v);
}
