import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server";
import { requestEmailChange } from "~/modules/auth/email-verification.server";
import { changeEmailSchema, changePasswordSchema, PASSWORD_MAX } from "~/modules/auth/schemas";
import { createUserSession, invalidateSession } from "~/modules/auth/session.server";
import { changePassword } from "~/modules/auth/users.server";
import { useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { Field, FormError } from "~/components/field";
import { logAuthEvent } from "~/log.server";
import { fieldError, parseForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return {
    name: user.name,
    email: user.email,
    emailVerified: !!user.emailVerifiedAt,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
  };
}

const EMAIL_REASONS: Record<string, { field: string; key: MessageKey }> = {
  wrong_password: { field: "password", key: "errors.password.wrongCurrent" },
  same_email: { field: "newEmail", key: "errors.email.same" },
  email_taken: { field: "newEmail", key: "errors.email.taken" },
};

/** The change-e-mail form: a link goes to the new address; the change waits for it. */
async function changeEmailAction(userId: string, form: FormData, ip: string) {
  const values = { newEmail: String(form.get("newEmail") ?? "") };
  const parsed = parseForm(changeEmailSchema, form);
  if (!parsed.ok) return data({ form: "email" as const, errors: parsed.errors, values }, { status: 400 });
  const result = await requestEmailChange({ userId, currentPassword: parsed.data.password, newEmail: parsed.data.newEmail });
  logAuthEvent("email_change_request", { userId, ip, outcome: result.ok ? "ok" : result.reason });
  if (!result.ok) {
    const { field, key } = EMAIL_REASONS[result.reason];
    return data({ form: "email" as const, errors: fieldError(field, key), values }, { status: 400 });
  }
  return redirect(`/account?${new URLSearchParams({ emailChangeSent: parsed.data.newEmail })}`);
}

const REASONS: Record<string, { field: string; key: MessageKey }> = {
  wrong_password: { field: "currentPassword", key: "errors.password.wrongCurrent" },
  common_password: { field: "newPassword", key: "errors.password.common" },
  same_password: { field: "newPassword", key: "errors.password.same" },
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireUser(request);
  const form = await request.formData();
  if (form.get("intent") === "change-email") return changeEmailAction(user.id, form, context.clientIp);
  const parsed = parseForm(changePasswordSchema, form);
  if (!parsed.ok) return data({ form: "password" as const, errors: parsed.errors }, { status: 400 });
  const result = await changePassword({ userId: user.id, currentSessionId: session.id, ...parsed.data });
  if (!result.ok) {
    const { field, key } = REASONS[result.reason];
    logAuthEvent("password_change", { userId: user.id, ip: context.clientIp, outcome: result.reason });
    return data({ form: "password" as const, errors: fieldError(field, key) }, { status: 400 });
  }
  logAuthEvent("password_change", { userId: user.id, ip: context.clientIp, outcome: "ok" });
  // This browser gets a new session id too: a copy of the old cookie is worth nothing now.
  const { cookie } = await createUserSession({ userId: user.id });
  await invalidateSession({ sessionId: session.id });
  return redirect("/account?changed=1", { headers: { "Set-Cookie": cookie } });
}

export default function Account() {
  const { t } = useI18n();
  const account = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData?.form === "password" ? actionData : undefined;
  const emailResult = actionData?.form === "email" ? actionData : undefined;
  const [params] = useSearchParams();
  const emailChangeSent = params.get("emailChangeSent");
  const roleKey: MessageKey = account.role === "admin" ? "role.admin" : account.role === "staff" ? "role.staff" : "role.member";
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      {params.get("changed") ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          {t("account.passwordChanged")}
        </p>
      ) : null}
      {account.mustChangePassword ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t("account.mustChange")}
        </p>
      ) : null}
      <dl className="card grid grid-cols-[auto,1fr] gap-x-6 gap-y-2">
        <dt className="font-medium text-slate-600">{t("account.name")}</dt>
        <dd>{account.name}</dd>
        <dt className="font-medium text-slate-600">{t("account.email")}</dt>
        <dd>
          {account.email}{" "}
          <span className={account.emailVerified ? "text-sm text-green-800" : "text-sm font-medium text-amber-800"}>
            ({t(account.emailVerified ? "account.emailConfirmed" : "account.emailUnconfirmed")})
          </span>
        </dd>
        <dt className="font-medium text-slate-600">{t("account.role")}</dt>
        <dd>{t(roleKey)}</dd>
      </dl>
      <Form method="post" className="card space-y-4" noValidate aria-labelledby="change-password-heading">
        <h2 id="change-password-heading" className="text-lg font-semibold">
          {t("account.changePassword")}
        </h2>
        <FormError error={result?.errors.formErrors[0]} />
        <Field name="currentPassword" label="account.currentPassword" type="password" autoComplete="current-password" errors={result?.errors.fieldErrors.currentPassword} required />
        <Field
          name="newPassword"
          label="account.newPassword"
          type="password"
          autoComplete="new-password"
          hint="signup.passwordHint"
          errors={result?.errors.fieldErrors.newPassword}
          required
          maxLength={PASSWORD_MAX}
        />
        <p className="text-sm text-slate-600">{t("account.otherSessionsEnd")}</p>
        <button type="submit" className="btn">
          {t("account.changePasswordSubmit")}
        </button>
      </Form>
      <Form method="post" className="card space-y-4" noValidate aria-labelledby="change-email-heading">
        <h2 id="change-email-heading" className="text-lg font-semibold">
          {t("account.changeEmail")}
        </h2>
        {emailChangeSent ? (
          <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
            {t("account.emailChangeSent", { email: emailChangeSent })}
          </p>
        ) : null}
        <p className="text-sm text-slate-600">{t("account.changeEmailHint")}</p>
        <input type="hidden" name="intent" value="change-email" />
        <FormError error={emailResult?.errors.formErrors[0]} />
        <Field name="newEmail" label="account.newEmail" type="email" autoComplete="email" defaultValue={emailResult?.values.newEmail} errors={emailResult?.errors.fieldErrors.newEmail} required />
        <Field name="password" label="account.changeEmailPassword" type="password" autoComplete="current-password" errors={emailResult?.errors.fieldErrors.password} required />
        <button type="submit" className="btn">
          {t("account.changeEmailSubmit")}
        </button>
      </Form>
      <p>
        <Link to="/account/notifications" className="link">
          {t("account.notificationsLink")}
        </Link>
      </p>
    </div>
  );
}
