import { formatUtc } from "~/utils/time";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/modules/auth/guards.server";
import { QueryNotice } from "~/components/notice";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { CATEGORY_LABELS, OUTBOX_STATUSES, skipReasonLabel, STATUS_LABELS } from "~/modules/notifications/labels";
import { deliveryMode } from "~/modules/notifications/mail-config.server";
import { countOutboxByStatus, listOutbox, queueTestMessage, retryOutboxMessage } from "~/modules/notifications/outbox.server";
import { mailLogActionSchema } from "~/modules/notifications/schemas";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = { i18n: ["errors.notifications", "mail", "notifications"] };

export const meta: MetaFunction = (args) => pageTitle(args, "mail.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const param = new URL(request.url).searchParams.get("status");
  const status = OUTBOX_STATUSES.find((s) => s === param);
  return {
    messages: listOutbox({ status, limit: 200 }),
    counts: countOutboxByStatus(),
    status: status ?? null,
    delivery: deliveryMode(),
    email: user.email,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const parsed = parseForm(mailLogActionSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  if (parsed.data.intent === "retry") {
    const result = retryOutboxMessage({ id: parsed.data.id, staffUserId: user.id });
    return redirect(`/admin/mail?${result.ok ? `retried=${parsed.data.id}` : ""}`);
  }
  const result = queueTestMessage({ user });
  return redirect(`/admin/mail?test=${result.queued ? "queued" : "opted_out"}`);
}

const TEST_SENT: Record<string, MessageKey> = { queued: "mail.test.queued", opted_out: "mail.test.optedOut" };

export default function MailLog() {
  const { t } = useI18n();
  const { messages, counts, status, delivery, email } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const total = OUTBOX_STATUSES.reduce((n, s) => n + counts[s], 0);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("mail.title")}</h1>
      <p className="text-slate-700">{t("mail.lead")}</p>
      <p className="text-sm text-slate-700">{delivery.kind === "smtp" ? t("mail.transport.smtp") : t("mail.transport.file", { dir: delivery.dir })}</p>
      <QueryNotice name="retried" keys="mail.retried" />
      <QueryNotice name="test" keys={TEST_SENT} show={!params.get("retried")} />

      <nav aria-label={t("mail.filter")} className="flex flex-wrap gap-2">
        <Link to="/admin/mail" className="btn-secondary" aria-current={status === null ? "page" : undefined}>
          {t("mail.filter.all", { count: total })}
        </Link>
        {OUTBOX_STATUSES.map((s) => (
          <Link key={s} to={`/admin/mail?status=${s}`} className="btn-secondary" aria-current={status === s ? "page" : undefined}>
            {t("mail.statusCount", { status: t(STATUS_LABELS[s]), count: counts[s] })}
          </Link>
        ))}
      </nav>

      <div className="card overflow-x-auto p-0" {...scrollRegion(t("mail.title"))}>
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">{t("mail.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("mail.col.created")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("mail.col.to")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("mail.col.subject")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("mail.col.category")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("mail.col.status")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("mail.col.attempts")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("mail.col.error")}
              </th>
            </tr>
          </thead>
          <tbody>
            {messages.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-4 text-slate-600">
                  {t("mail.empty")}
                </td>
              </tr>
            ) : (
              messages.map((m) => (
                <tr key={m.id} className="border-t border-slate-200 align-top">
                  <td data-label={t("mail.col.created")} className="whitespace-nowrap px-3 py-2">
                    {formatUtc(m.createdAt)}
                  </td>
                  <td data-label={t("mail.col.to")} className="px-3 py-2">
                    {m.toAddress}
                  </td>
                  <td data-label={t("mail.col.subject")} className="px-3 py-2">
                    <Link to={`/admin/mail/${m.id}`} className="link" lang={m.locale}>
                      {m.subject}
                    </Link>
                  </td>
                  <td data-label={t("mail.col.category")} className="px-3 py-2">
                    {t(CATEGORY_LABELS[m.category].name)}
                  </td>
                  <td data-label={t("mail.col.status")} className="px-3 py-2">
                    <span className={m.status === "failed" ? "font-semibold text-red-800" : undefined}>{t(STATUS_LABELS[m.status])}</span>
                  </td>
                  <td data-label={t("mail.col.attempts")} className="px-3 py-2">
                    {m.attempts}
                  </td>
                  <td data-label={t("mail.col.error")} className="max-w-xs px-3 py-2 break-words text-slate-700">
                    {m.status === "skipped" ? t(skipReasonLabel(m.lastError) ?? "mail.status.skipped") : (m.lastError ?? "")}
                    {m.status === "failed" ? (
                      <Form method="post" className="mt-1">
                        <input type="hidden" name="intent" value="retry" />
                        <input type="hidden" name="id" value={m.id} />
                        <button type="submit" className="btn-secondary px-2 py-1 text-xs">
                          {t("mail.retry")}
                          <span className="sr-only">
                            {" "}
                            — {m.toAddress}, {m.subject}
                          </span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <Form method="post" className="card space-y-3" aria-labelledby="mail-test-heading">
        <h2 id="mail-test-heading" className="text-lg font-semibold">
          {t("mail.test.title")}
        </h2>
        <p className="text-sm text-slate-700">{t("mail.test.lead", { email })}</p>
        <input type="hidden" name="intent" value="test" />
        <button type="submit" className="btn">
          {t("mail.test.submit")}
        </button>
      </Form>
    </div>
  );
}
