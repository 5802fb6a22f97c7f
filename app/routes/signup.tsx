import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { PASSWORD_MAX } from "~/modules/auth/limits";
import { signupSchema } from "~/modules/auth/schemas";
import { signUp } from "~/modules/auth/email-verification.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { isSupportedLocale, resolveLocale } from "~/modules/i18n/locales.server";
import { Field, FormError } from "~/components/field";
import { logAuthEvent } from "~/log.server";
import { fieldError, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { safeRedirect } from "~/utils/redirect";

export const handle: I18nHandle = {
  i18n: ["errors.email", "errors.locale", "errors.login", "errors.name", "errors.password", "signup", "staff.errors"],
};

export const meta: MetaFunction = (args) => pageTitle(args, "signup.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  // Where to land once signed in: an invitation sends its invitee here with its own address.
  return { defaultLocale: resolveLocale(request), redirectTo: safeRedirect(new URL(request.url).searchParams.get("redirectTo")) };
}

/** The sign-in page, told where to go after (nothing to tell for the home page). */
const loginHref = (redirectTo: string) => (redirectTo === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo })}`);

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await readForm(request);
  const parsed = parseForm(signupSchema, form);
  const { values } = parsed;
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const input = parsed.data;
  if (!isSupportedLocale(input.locale)) {
    return data({ errors: fieldError("locale", "errors.locale.unsupported"), values }, { status: 400 });
  }
  // The account and the e-mail that confirms its address are written in one transaction. An
  // address with an account already gets the same answer (its owner a notice instead): the page
  // never tells whether an address is registered. Nobody is signed in here, so the two answers
  // are alike in their headers too; the new member signs in with the password just chosen.
  const redirectTo = safeRedirect(input.redirectTo);
  const created = await signUp({ ...input, redirectTo });
  if (!created.ok) return data({ errors: fieldError("password", "errors.password.common"), values }, { status: 400 });
  logAuthEvent("signup", { userId: created.userId ?? undefined, ip: context.clientIp, outcome: created.userId ? "ok" : "email_taken" });
  return data({ errors: undefined, values, sent: { email: input.email, redirectTo } });
}

export default function Signup() {
  const { t, locales, locale } = useI18n();
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  if (result && "sent" in result && result.sent) {
    return (
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-bold">{t("signup.title")}</h1>
        <div className="card mt-6 space-y-4">
          <Notice>{t("signup.sent", { email: result.sent.email })}</Notice>
          <Link to={loginHref(result.sent.redirectTo)} className="btn inline-block">
            {t("signup.sentSignIn")}
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("signup.title")}</h1>
      <p className="mt-1 text-slate-700">{t("signup.lead")}</p>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <FormError error={errors?.formErrors[0]} />
        {redirectTo !== "/" ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field name="name" label="signup.name" autoComplete="name" defaultValue={result?.values.name} errors={errors} required maxLength={100} />
        <Field name="email" label="signup.email" type="email" autoComplete="email" defaultValue={result?.values.email} errors={errors} required />
        <Field
          name="password"
          label="signup.password"
          type="password"
          autoComplete="new-password"
          hint="signup.passwordHint"
          errors={errors}
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
          <Link to={loginHref(redirectTo)} className="link">
            {t("nav.signIn")}
          </Link>
        </p>
      </Form>
    </div>
  );
}
