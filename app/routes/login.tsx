import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { loginSchema } from "~/modules/auth/schemas";
import { signIn } from "~/modules/auth/sign-in.server";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { Field, FormError } from "~/components/field";
import { noticeKey, QueryNotice } from "~/components/notice";
import { formError, parseForm, readForm } from "~/utils/form";
import { hasLineBreak } from "~/utils/redirect";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: ["errors.email", "errors.login", "errors.name", "errors.password", "errors.redirect", "login", "staff.errors", "totp.login"],
};

export const meta: MetaFunction = (args) => pageTitle(args, "login.title");

// Remix sends an action's headers with the page only through this export: without it the
// Retry-After of a blocked sign-in would be lost.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await readForm(request);
  const parsed = parseForm(loginSchema, form);
  const { values } = parsed;
  // A line break in the target is someone writing headers: refused before any password is
  // checked or session made (it once reached the Location header: a 500 after the session row).
  if (hasLineBreak(form.get("redirectTo"))) return data({ errors: formError("errors.redirect.invalid"), values, retryMinutes: 0 }, { status: 400 });
  if (!parsed.ok) return data({ errors: parsed.errors, values, retryMinutes: 0 }, { status: 400 });
  const result = await signIn({ request, ...parsed.data, ip: context.clientIp ?? "unknown" });
  switch (result.outcome) {
    case "signed_in":
      return redirect(result.redirectTo, { headers: { "Set-Cookie": result.cookie } });
    case "two_factor":
      return redirect("/login/verify", { headers: { "Set-Cookie": result.cookie } });
    case "throttled":
      return data(
        { errors: formError("errors.login.tooMany"), values, retryMinutes: Math.ceil(result.retryAfter / 60) },
        { status: 429, headers: { "Retry-After": String(result.retryAfter) } },
      );
    case "refused":
      return data({ errors: formError("errors.login.invalid"), values, retryMinutes: 0 }, { status: 400 });
  }
}

// Why the code page sent the user back here.
const TWO_FACTOR_ENDED: Record<string, MessageKey> = { expired: "totp.login.expired", locked: "totp.login.locked" };

export default function Login() {
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const formError = result?.errors.formErrors[0];
  // Not a Record lookup: `?twoFactor=__proto__` or `constructor` named no message, and crashed.
  const twoFactor = noticeKey(TWO_FACTOR_ENDED, params.get("twoFactor"));
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("login.title")}</h1>
      <QueryNotice name="reset" keys="login.resetDone" className="mt-6" />
      {twoFactor && !result ? (
        <p role="alert" className="mt-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t(twoFactor)}
        </p>
      ) : null}
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        {formError === "errors.login.tooMany" ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {t("errors.login.tooMany", { minutes: result?.retryMinutes ?? 15 })}
          </div>
        ) : (
          <FormError error={formError} />
        )}
        <Field name="email" label="login.email" type="email" autoComplete="username" defaultValue={result?.values.email} errors={result?.errors} required />
        <Field name="password" label="login.password" type="password" autoComplete="current-password" errors={result?.errors} required />
        <button type="submit" className="btn w-full">
          {t("login.submit")}
        </button>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link to="/forgot-password" className="link">
            {t("login.forgot")}
          </Link>
          <Link to="/login/link" className="link">
            {t("login.linkInstead")}
          </Link>
        </p>
        <p className="text-sm text-slate-700">
          {t("login.noAccount")}{" "}
          <Link to="/signup" className="link">
            {t("nav.signUp")}
          </Link>
        </p>
      </Form>
      {formError === "errors.login.tooMany" ? (
        // The owner of the account, blocked by someone else's failures: a link by e-mail instead.
        <Form method="post" action="/login/link" className="card mt-4 space-y-3">
          <p className="text-sm text-slate-700">{t("login.linkOffer")}</p>
          <input type="hidden" name="intent" value="request" />
          <input type="hidden" name="email" value={result?.values.email ?? ""} />
          <button type="submit" className="btn-secondary">
            {t("login.linkSend")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
