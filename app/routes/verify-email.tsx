import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { confirmEmail, getEmailVerification } from "~/modules/auth/email-verification.server";
import { isSameOriginFetchRequest } from "~/modules/auth/origin.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { logAuthEvent } from "~/log.server";
import { pageTitle } from "~/utils/meta";
import { safeRedirect } from "~/utils/redirect";
import { readForm } from "~/utils/form";

export const handle: I18nHandle = { i18n: ["verify"] };

export const meta: MetaFunction = (args) => pageTitle(args, "verify.title");

// Opening the link shows a button; only the click (a POST) confirms, so a mail scanner that
// fetches every link confirms nothing. The token is the proof: no sign-in needed.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const pending = getEmailVerification({ token });
  // From a sign-up that began at an invitation, the link says so: "continue" leads back there.
  const next = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  return { token: pending ? token : null, email: pending?.email ?? null, next };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!isSameOriginFetchRequest(request)) throw new Response("Cross-origin request refused", { status: 403 });
  const token = (await readForm(request)).get("token");
  const result = confirmEmail({ token: typeof token === "string" ? token : null });
  logAuthEvent("email_verify", { ip: context.clientIp, outcome: result.ok ? "ok" : result.reason });
  if (!result.ok) return data({ ok: false as const, reason: result.reason }, { status: 400 });
  return { ok: true as const, email: result.email };
}

export default function VerifyEmail() {
  const { t } = useI18n();
  const { token, email, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("verify.title")}</h1>
      <div className="card mt-6 space-y-4">
        {result?.ok ? (
          <Notice>{t("verify.done", { email: result.email })}</Notice>
        ) : result?.reason === "email_taken" ? (
          <p role="alert">{t("verify.taken", { email: email ?? "" })}</p>
        ) : !token || result ? (
          <p role="alert">{t("verify.invalid")}</p>
        ) : (
          <Form method="post" className="space-y-4">
            <p className="text-slate-700">{t("verify.lead", { email: email ?? "" })}</p>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="btn w-full">
              {t("verify.submit")}
            </button>
          </Form>
        )}
        <Link to={next} className="link inline-block">
          {t("verify.continue")}
        </Link>
      </div>
    </div>
  );
}
