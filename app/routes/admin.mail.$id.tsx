import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { requireStaff } from "~/modules/auth/guards.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { CATEGORY_LABELS, skipReasonLabel, STATUS_LABELS } from "~/modules/notifications/labels";
import { mailFrom } from "~/modules/notifications/mail-config.server";
import { getOutboxMessage, retryOutboxMessage } from "~/modules/notifications/outbox.server";
import { pageTitle } from "~/utils/meta";
import { notFound, parseRouteId } from "~/utils/http";

export const handle: I18nHandle = { i18n: ["mail", "notifications"] };

export const meta: MetaFunction = (args) => pageTitle(args, "mail.title");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const message = getOutboxMessage({ id: parseRouteId(params.id) });
  if (!message) throw notFound();
  const { secrets, htmlBody: _html, ...rest } = message;
  return { message: { ...rest, redacted: !!secrets?.length }, from: mailFrom() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const id = parseRouteId(params.id);
  const result = retryOutboxMessage({ id, staffUserId: user.id });
  return redirect(`/admin/mail/${id}${result.ok ? "?retried=1" : ""}`);
}

export default function MailMessage() {
  const { t, dates } = useI18n();
  const { message: m, from } = useLoaderData<typeof loader>();
  const headers = Object.entries(m.headers);
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/mail" className="link">
          {t("mail.back")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("mail.detail.title", { id: m.id })}</h1>
      <QueryNotice name="retried" keys="mail.retried" />
      <dl className="card grid grid-cols-[auto,1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="font-medium text-slate-600">{t("mail.detail.from")}</dt>
        <dd>{from}</dd>
        <dt className="font-medium text-slate-600">{t("mail.detail.to")}</dt>
        <dd>{m.toAddress}</dd>
        <dt className="font-medium text-slate-600">{t("mail.detail.subject")}</dt>
        <dd lang={m.locale}>{m.subject}</dd>
        <dt className="font-medium text-slate-600">{t("mail.col.category")}</dt>
        <dd>{t(CATEGORY_LABELS[m.category].name)}</dd>
        <dt className="font-medium text-slate-600">{t("mail.detail.language")}</dt>
        <dd>{m.locale}</dd>
        <dt className="font-medium text-slate-600">{t("mail.col.status")}</dt>
        <dd>{t(STATUS_LABELS[m.status])}</dd>
        <dt className="font-medium text-slate-600">{t("mail.col.attempts")}</dt>
        <dd>{m.attempts}</dd>
        <dt className="font-medium text-slate-600">{t("mail.col.created")}</dt>
        <dd>{dates.dateTime(m.createdAt)}</dd>
        <dt className="font-medium text-slate-600">{t("mail.detail.sentAt")}</dt>
        <dd>{dates.dateTime(m.sentAt)}</dd>
        <dt className="font-medium text-slate-600">{t("mail.detail.messageId")}</dt>
        <dd className="break-all font-mono text-xs">{m.messageId}</dd>
        {headers.length ? (
          <>
            <dt className="font-medium text-slate-600">{t("mail.detail.headers")}</dt>
            <dd className="break-all font-mono text-xs">
              {headers.map(([k, v]) => (
                <div key={k}>
                  {k}: {v}
                </div>
              ))}
            </dd>
          </>
        ) : null}
        {m.status === "skipped" ? (
          <>
            <dt className="font-medium text-slate-600">{t("mail.col.error")}</dt>
            <dd className="break-words">{t(skipReasonLabel(m.lastError) ?? "mail.status.skipped")}</dd>
          </>
        ) : m.lastError ? (
          <>
            <dt className="font-medium text-slate-600">{t("mail.col.error")}</dt>
            <dd className="break-words text-red-800">{m.lastError}</dd>
          </>
        ) : null}
      </dl>
      {m.status === "failed" ? (
        <Form method="post">
          <button type="submit" className="btn">
            {t("mail.retry")}
          </button>
        </Form>
      ) : null}
      {m.redacted ? <p className="text-sm text-slate-700">{t("mail.detail.redacted")}</p> : null}
      <section aria-labelledby="html-heading" className="space-y-2">
        <h2 id="html-heading" className="text-lg font-semibold">
          {t("mail.detail.html")}
        </h2>
        {/* A sandbox without permissions: the message's HTML runs no script and reaches nothing of this site. */}
        <iframe
          title={t("mail.detail.html")}
          src={`/admin/mail/${m.id}/preview`}
          sandbox=""
          className="h-[36rem] w-full rounded-lg border border-slate-300 bg-white"
        />
      </section>
      <section aria-labelledby="text-heading" className="space-y-2">
        <h2 id="text-heading" className="text-lg font-semibold">
          {t("mail.detail.text")}
        </h2>
        <pre lang={m.locale} className="card overflow-x-auto whitespace-pre-wrap break-words text-sm">
          {m.textBody}
        </pre>
      </section>
    </div>
  );
}
