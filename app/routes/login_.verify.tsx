import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { endPendingLogin, readPendingLogin } from "~/modules/auth/pending-login.server";
import { verifySignInCode } from "~/modules/auth/sign-in.server";
import { totpVerifySchema } from "~/modules/auth/totp.server";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { Field, FormError } from "~/components/field";
import { fieldError, parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = { i18n: ["totp.errors", "totp.verify"] };

export const meta: MetaFunction = (args) => pageTitle(args, "totp.verify.title");

/** Back to the password: the wait is over (expired, altered, locked, or the user changed meanwhile). */
async function backToLogin(request: Request, why: "expired" | "locked") {
  return redirect(`/login?twoFactor=${why}`, { headers: { "Set-Cookie": await endPendingLogin(request) } });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  if (!(await readPendingLogin(request))) throw await backToLogin(request, "expired");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const parsed = parseForm(totpVerifySchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const result = await verifySignInCode({ request, code: parsed.data.code, ip: context.clientIp });
  switch (result.outcome) {
    case "signed_in": {
      const headers = new Headers();
      for (const cookie of result.cookies) headers.append("Set-Cookie", cookie);
      return redirect(result.redirectTo, { headers });
    }
    case "ended":
      return redirect(`/login?twoFactor=${result.why}`, { headers: { "Set-Cookie": result.cookie } });
    case "invalid":
      return data({ errors: fieldError("code", "totp.errors.invalid") }, { status: 400 });
  }
}

export default function VerifyLogin() {
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("totp.verify.title")}</h1>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <p className="text-sm text-slate-700">{t("totp.verify.lead")}</p>
        <FormError error={result?.errors.formErrors[0]} />
        <Field name="code" label="totp.verify.code" autoComplete="one-time-code" inputMode="numeric" maxLength={7} errors={result?.errors} required />
        <button type="submit" className="btn w-full">
          {t("totp.verify.submit")}
        </button>
        <p className="text-sm text-slate-700">{t("totp.verify.lost")}</p>
        <p className="text-sm">
          <Link to="/login" className="link">
            {t("totp.verify.back")}
          </Link>
        </p>
      </Form>
    </div>
  );
}
