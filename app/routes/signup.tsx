import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { PASSWORD_MAX } from "~/modules/auth/limits";
import { signupSchema } from "~/modules/auth/schemas";
import { createUserSession } from "~/modules/auth/session.server";
import { signUp } from "~/modules/auth/email-verification.server";
import { useI18n } from "~/modules/i18n/i18n";
import { isSupportedLocale, resolveLocale } from "~/modules/i18n/locales.server";
import { Field, FormError } from "~/components/field";
import { logAuthEvent } from "~/log.server";
import { fieldError, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "signup.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  return { defaultLocale: resolveLocale(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await readForm(request);
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const parsed = parseForm(signupSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const input = parsed.data;
  if (!isSupportedLocale(input.locale)) {
    return data({ errors: fieldError("locale", "errors.locale.unsupported"), values }, { status: 400 });
  }
  // The account and the e-mail that confirms its address are written in one transaction.
  const created = await signUp(input);
  if (!created.ok) {
    const field = created.reason === "email_taken" ? "email" : "password";
    const key = created.reason === "email_taken" ? "errors.email.taken" : "errors.password.common";
    return data({ errors: fieldError(field, key), values }, { status: 400 });
  }
  const { cookie } = await createUserSession({ userId: created.user.id });
  logAuthEvent("signup", { userId: created.user.id, ip: context.clientIp, outcome: "ok" });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function Signup() {
  const { t, locales, locale } = useI18n();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("signup.title")}</h1>
      <p className="mt-1 text-slate-700">{t("signup.lead")}</p>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <FormError error={errors?.formErrors[0]} />
        <Field name="name" label="signup.name" autoComplete="name" defaultValue={result?.values.name} errors={errors?.fieldErrors.name} required maxLength={100} />
        <Field name="email" label="signup.email" type="email" autoComplete="email" defaultValue={result?.values.email} errors={errors?.fieldErrors.email} required />
        <Field
          name="password"
          label="signup.password"
          type="password"
          autoComplete="new-password"
          hint="signup.passwordHint"
          errors={errors?.fieldErrors.password}
          required
          maxLength={PASSWORD_MAX}
        />
        <div className="space-y-1">
          <label htmlFor="field-locale" className="block text-sm font-medium text-slate-800">
            {t("signup.language")}
          </label>
          <select id="field-locale" name="locale" defaultValue={locale} className="input">
            {locales.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn w-full">
          {t("signup.submit")}
        </button>
        <p className="text-sm text-slate-700">
          {t("signup.haveAccount")}{" "}
          <Link to="/login" className="link">
            {t("nav.signIn")}
          </Link>
        </p>
      </Form>
    </div>
  );
}
