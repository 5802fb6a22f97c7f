import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { getLoginLink, LOGIN_LINK_MINUTES, requestLoginLink } from "~/modules/auth/login-link.server";
import { loginLinkRequestSchema as requestSchema, loginLinkUseSchema as useSchema } from "~/modules/auth/schemas";
import { signInWithLink } from "~/modules/auth/sign-in.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { Field, FormError } from "~/components/field";
import { logAuthEvent } from "~/log.server";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = { i18n: ["errors.email", "errors.login", "errors.name", "errors.password", "loginLink", "staff.errors"] };

export const meta: MetaFunction = (args) => pageTitle(args, "loginLink.title");

// Asking for a link: an address, answered alike whether it has an account. Using one: opening
// it shows a button and only the click (a POST) signs in, so a mail scanner that fetches every
// link uses nothing.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  const token = new URL(request.url).searchParams.get("token");
  if (token === null) return { mode: "request" as const, token: null, email: null };
  const link = getLoginLink({ token });
  return { mode: "use" as const, token: link ? token : null, email: link?.email ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await readForm(request);
  const ip = context.clientIp ?? "unknown";
  if (form.get("intent") === "use") {
    const parsed = parseForm(useSchema, form);
    const result = await signInWithLink({ request, token: parsed.ok ? parsed.data.token : null, ip });
    if (result.outcome === "signed_in") return redirect(result.redirectTo, { headers: { "Set-Cookie": result.cookie } });
    if (result.outcome === "two_factor") return redirect("/login/verify", { headers: { "Set-Cookie": result.cookie } });
    return data({ mode: "use" as const, invalid: true, sent: false, errors: undefined, email: "", minutes: LOGIN_LINK_MINUTES }, { status: 400 });
  }
  const email = String(form.get("email") ?? "");
  const parsed = parseForm(requestSchema, form);
  if (!parsed.ok)
    return data({ mode: "request" as const, invalid: false, sent: false, errors: parsed.errors, email, minutes: LOGIN_LINK_MINUTES }, { status: 400 });
  // The same answer whether or not the address has an account.
  requestLoginLink({ email: parsed.data.email });
  logAuthEvent("login_link_request", { ip, outcome: "answered" });
  return { mode: "request" as const, invalid: false, sent: true, errors: undefined, email: parsed.data.email, minutes: LOGIN_LINK_MINUTES };
}

export default function LoginLink() {
  const { t } = useI18n();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = (
    <Link to="/login" className="link inline-block text-sm">
      {t("loginLink.backToLogin")}
    </Link>
  );
  if (result?.sent) {
    return (
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-bold">{t("loginLink.title")}</h1>
        <div className="card mt-6 space-y-4">
          <Notice>{t("loginLink.sent", { email: result.email, minutes: result.minutes })}</Notice>
          {back}
        </div>
      </div>
    );
  }
  if (page.mode === "use") {
    return (
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-bold">{t("loginLink.title")}</h1>
        <div className="card mt-6 space-y-4">
          {!page.token || result?.invalid ? (
            <>
              <p role="alert">{t("loginLink.invalid")}</p>
              <Link to="/login/link" className="link inline-block">
                {t("loginLink.again")}
              </Link>
            </>
          ) : (
            <Form method="post" className="space-y-4">
              <p className="text-slate-700">{t("loginLink.confirmLead", { email: page.email ?? "" })}</p>
              <input type="hidden" name="intent" value="use" />
              <input type="hidden" name="token" value={page.token} />
              <button type="submit" className="btn w-full">
                {t("loginLink.confirm")}
              </button>
            </Form>
          )}
          {back}
        </div>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("loginLink.title")}</h1>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <p className="text-slate-700">{t("loginLink.lead")}</p>
        <FormError error={result?.errors?.formErrors[0]} />
        <input type="hidden" name="intent" value="request" />
        <Field name="email" label="loginLink.email" type="email" autoComplete="username" defaultValue={result?.email} errors={result?.errors} required />
        <button type="submit" className="btn w-full">
          {t("loginLink.submit")}
        </button>
        <p>{back}</p>
      </Form>
    </div>
  );
}
