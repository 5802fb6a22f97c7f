import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { describeUnsubscribe, unsubscribe } from "~/modules/notifications/preferences.server";
import { unsubscribeSchema } from "~/modules/notifications/schemas";
import { CATEGORY_LABELS } from "~/modules/notifications/labels";
import { logger } from "~/log.server";
import { pageTitle } from "~/utils/meta";
import { readForm } from "~/utils/form";

export const handle: I18nHandle = { i18n: ["errors.notifications", "mail.status", "notifications", "unsubscribe"] };

export const meta: MetaFunction = (args) => pageTitle(args, "unsubscribe.title");

// No sign-in: the signed token in the link names the user and the category, and is the only
// authority. Opening the link (GET) changes nothing; the button, or a mail provider's RFC 8058
// one-click POST (exempt from the Origin check in server.ts), does.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const target = describeUnsubscribe(token);
  return { token: target ? token : null, email: target?.email ?? null, label: target ? CATEGORY_LABELS[target.category].name : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = unsubscribeSchema.safeParse(Object.fromEntries(form));
  const token = new URL(request.url).searchParams.get("token") ?? (parsed.success ? parsed.data.token : undefined);
  const result = unsubscribe({ token });
  logger().info({ type: "mail", event: "unsubscribe", outcome: result.ok ? "ok" : "invalid", oneClick: parsed.success && !!parsed.data["List-Unsubscribe"] });
  if (!result.ok) return data({ ok: false as const }, { status: 400 });
  return { ok: true as const, email: result.email, label: CATEGORY_LABELS[result.category].name };
}

export default function Unsubscribe() {
  const { t } = useI18n();
  const { token, email, label } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("unsubscribe.title")}</h1>
      <div className="card mt-6 space-y-4">
        {result?.ok ? (
          <Notice>{t("unsubscribe.done", { email: result.email, category: t(result.label) })}</Notice>
        ) : !token || !label || result ? (
          <p role="alert">{t("unsubscribe.invalid")}</p>
        ) : (
          <Form method="post" className="space-y-4">
            <p className="text-slate-700">{t("unsubscribe.lead", { email: email ?? "", category: t(label) })}</p>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="btn w-full">
              {t("unsubscribe.submit")}
            </button>
          </Form>
        )}
        <Link to="/account/notifications" className="link inline-block">
          {t("unsubscribe.preferences")}
        </Link>
      </div>
    </div>
  );
}
