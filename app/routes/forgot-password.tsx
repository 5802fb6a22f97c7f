import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { queuePasswordResetRequest, RESET_MINUTES } from "~/modules/auth/password-reset.server";
import { forgotPasswordSchema } from "~/modules/auth/schemas";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { Field, FormError } from "~/components/field";
import { logAuthEvent } from "~/log.server";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = { i18n: ["errors.email", "errors.login", "errors.name", "errors.password", "forgot", "staff.errors"] };

export const meta: MetaFunction = (args) => pageTitle(args, "forgot.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await readForm(request);
  const parsed = parseForm(forgotPasswordSchema, form);
  const { values } = parsed;
  if (!parsed.ok) return data({ errors: parsed.errors, values, sent: false, minutes: RESET_MINUTES }, { status: 400 });
  // The same answer, and the same work, whether or not the address has an account: a job looks it up.
  queuePasswordResetRequest({ email: parsed.data.email });
  logAuthEvent("password_reset_request", { ip: context.clientIp, outcome: "answered" });
  return { errors: undefined, values: { email: parsed.data.email }, sent: true, minutes: RESET_MINUTES };
}

export default function ForgotPassword() {
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t("forgot.title")}</h1>
      {result?.sent ? (
        <div className="card mt-6 space-y-4">
          <Notice>{t("forgot.sent", { email: result.values.email, minutes: result.minutes })}</Notice>
          <Link to="/login" className="link">
            {t("forgot.backToLogin")}
          </Link>
        </div>
      ) : (
        <Form method="post" className="card mt-6 space-y-4" noValidate>
          <p className="text-slate-700">{t("forgot.lead")}</p>
          <FormError error={result?.errors?.formErrors[0]} />
          <Field name="email" label="forgot.email" type="email" autoComplete="username" defaultValue={result?.values.email} errors={result?.errors} required />
          <button type="submit" className="btn w-full">
            {t("forgot.submit")}
          </button>
          <p className="text-sm">
            <Link to="/login" className="link">
              {t("forgot.backToLogin")}
            </Link>
          </p>
        </Form>
      )}
    </div>
  );
}
