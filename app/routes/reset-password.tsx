import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isSameOriginFetchRequest } from "~/modules/auth/origin.server";
import { getPasswordReset, resetPassword } from "~/modules/auth/password-reset.server";
import { PASSWORD_MAX } from "~/modules/auth/limits";
import { resetPasswordSchema } from "~/modules/auth/schemas";
import { blankSessionCookie } from "~/modules/auth/session.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { Field, FormError } from "~/components/field";
import { logAuthEvent } from "~/log.server";
import { fieldError, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: ["errors.email", "errors.login", "errors.name", "errors.password", "reset", "signup.passwordHint", "staff.errors"],
};

export const meta: MetaFunction = (args) => pageTitle(args, "reset.title");

// Open to anyone holding a link, signed in or not: the token is the proof. It rides in the query
// string, which request logs leave out (they log the path only).
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const reset = getPasswordReset({ token });
  return { token: reset ? token : null, email: reset?.email ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!isSameOriginFetchRequest(request)) throw new Response("Cross-origin request refused", { status: 403 });
  const parsed = parseForm(resetPasswordSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, invalid: false }, { status: 400 });
  const result = await resetPassword(parsed.data);
  if (!result.ok) {
    logAuthEvent("password_reset", { ip: context.clientIp, outcome: result.reason });
    if (result.reason === "common_password") {
      return data({ errors: fieldError("newPassword", "errors.password.common"), invalid: false }, { status: 400 });
    }
    return data({ errors: undefined, invalid: true }, { status: 400 });
  }
  logAuthEvent("password_reset", { userId: result.userId, ip: context.clientIp, outcome: "ok" });
  return redirect("/login?reset=1", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function ResetPassword() {
  const { t } = useI18n();
  const { token, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const invalid = !token || result?.invalid;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("reset.title")}</h1>
      {invalid ? (
        <div className="card mt-6 space-y-4">
          <p role="alert" className="text-slate-800">
            {t("reset.invalid")}
          </p>
          <Link to="/forgot-password" className="btn">
            {t("reset.requestNew")}
          </Link>
        </div>
      ) : (
        <Form method="post" className="card mt-6 space-y-4" noValidate>
          <p className="text-slate-700">{t("reset.lead", { email: email ?? "" })}</p>
          <input type="hidden" name="token" value={token} />
          <FormError error={result?.errors?.formErrors[0]} />
          <Field
            name="newPassword"
            label="reset.newPassword"
            type="password"
            autoComplete="new-password"
            hint="signup.passwordHint"
            errors={result?.errors}
            required
            maxLength={PASSWORD_MAX}
          />
          <button type="submit" className="btn w-full">
            {t("reset.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
