import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { requestEmailChange } from "~/modules/auth/email-verification.server";
import { PASSWORD_MAX } from "~/modules/auth/limits";
import { changeEmailSchema, changeNameSchema, changePasswordSchema } from "~/modules/auth/schemas";
import { isStaffRole } from "~/modules/auth/roles";
import type { SessionUser } from "~/modules/auth/session.server";
import {
  cancelTotpEnrolment,
  confirmTotpEnrolment,
  disableTotp,
  getTotpStatus,
  startTotpEnrolment,
  totpFormSchema,
  type TotpStatus,
} from "~/modules/auth/totp.server";
import { changeName, changePassword } from "~/modules/auth/users.server";
import { type I18nHandle, refusalKey, useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { QueryNotice } from "~/components/notice";
import { Field, FormError } from "~/components/field";
import { logAuthEvent } from "~/log.server";
import { fieldError, formError, parseForm, readForm, type FormErrors } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: ["account", "errors.email", "errors.login", "errors.name", "errors.password", "role", "signup.passwordHint", "staff.errors", "totp"],
};

export const meta: MetaFunction = (args) => pageTitle(args, "account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  return {
    name: user.name,
    email: user.email,
    emailVerified: !!user.emailVerifiedAt,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    twoFactor: await getTotpStatus({ userId: user.id }),
  };
}

const EMAIL_REFUSALS: Record<string, MessageKey> = { wrong_password: "errors.password.wrongCurrent", same_email: "errors.email.same" };

/** The change-e-mail form: a link goes to the new address; the change waits for it. */
async function changeEmailAction(userId: string, form: FormData, ip: string) {
  const parsed = parseForm(changeEmailSchema, form);
  const { values } = parsed;
  if (!parsed.ok) return data({ form: "email" as const, errors: parsed.errors, values }, { status: 400 });
  const result = await requestEmailChange({ userId, currentPassword: parsed.data.password, newEmail: parsed.data.newEmail });
  logAuthEvent("email_change_request", { userId, ip, outcome: result.ok ? "ok" : result.reason });
  if (!result.ok) {
    const field = result.reason === "wrong_password" ? "password" : "newEmail";
    return data({ form: "email" as const, errors: fieldError(field, refusalKey(EMAIL_REFUSALS, result.reason)), values }, { status: 400 });
  }
  return redirect(`/account?${new URLSearchParams({ emailChangeSent: parsed.data.newEmail })}`);
}

const PASSWORD_REFUSALS: Record<string, MessageKey> = {
  wrong_password: "errors.password.wrongCurrent",
  common_password: "errors.password.common",
  same_password: "errors.password.same",
};

/** Two-factor sign-in, for staff only: set up (a new secret, then a code to confirm it), cancel, turn off. */
async function twoFactorAction(user: SessionUser, form: FormData, ip: string) {
  if (!isStaffRole(user.role)) throw new Response("Forbidden", { status: 403 });
  const failed = (errors: FormErrors, status = 400) => data({ form: "totp" as const, errors }, { status });
  const parsed = parseForm(totpFormSchema, form);
  if (!parsed.ok) return failed(parsed.errors);
  const input = parsed.data;
  switch (input.intent) {
    case "totp-start":
      startTotpEnrolment({ userId: user.id });
      return redirect("/account#two-factor");
    case "totp-cancel":
      cancelTotpEnrolment({ userId: user.id });
      return redirect("/account#two-factor");
    case "totp-confirm": {
      const result = await confirmTotpEnrolment({ userId: user.id, code: input.code, currentCode: input.currentCode, ip });
      if (result.ok) return redirect("/account?twoFactor=enabled#two-factor");
      if (result.reason === "rate_limited") return failed(formError("totp.errors.tooMany"), 429);
      if (result.reason === "no_pending") return failed(formError("totp.errors.noPending"), 409);
      return failed(fieldError(result.reason === "invalid_current" ? "currentCode" : "code", "totp.errors.invalid"));
    }
    case "totp-disable": {
      const result = await disableTotp({ userId: user.id, code: input.code, ip });
      if (result.ok) return redirect("/account?twoFactor=disabled#two-factor");
      if (result.reason === "rate_limited") return failed(formError("totp.errors.tooMany"), 429);
      if (result.reason === "required") return failed(formError("totp.errors.required"), 409);
      if (result.reason === "not_enabled") return failed(formError("totp.errors.notEnabled"), 409);
      return failed(fieldError("code", "totp.errors.invalid"));
    }
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "change-name") {
    const parsed = parseForm(changeNameSchema, form);
    if (!parsed.ok) return data({ form: "name" as const, errors: parsed.errors, values: parsed.values }, { status: 400 });
    changeName({ userId: user.id, name: parsed.data.name });
    return redirect("/account?nameChanged=1");
  }
  if (form.get("intent") === "change-email") return changeEmailAction(user.id, form, context.clientIp);
  if (String(form.get("intent") ?? "").startsWith("totp-")) return twoFactorAction(user, form, context.clientIp);
  const parsed = parseForm(changePasswordSchema, form);
  if (!parsed.ok) return data({ form: "password" as const, errors: parsed.errors }, { status: 400 });
  const result = await changePassword({ userId: user.id, ...parsed.data });
  if (!result.ok) {
    const field = result.reason === "wrong_password" ? "currentPassword" : "newPassword";
    const key = refusalKey(PASSWORD_REFUSALS, result.reason);
    logAuthEvent("password_change", { userId: user.id, ip: context.clientIp, outcome: result.reason });
    return data({ form: "password" as const, errors: fieldError(field, key) }, { status: 400 });
  }
  logAuthEvent("password_change", { userId: user.id, ip: context.clientIp, outcome: "ok" });
  return redirect("/account?changed=1", { headers: { "Set-Cookie": result.cookie } });
}

export default function Account() {
  const { t } = useI18n();
  const account = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData?.form === "password" ? actionData : undefined;
  const emailResult = actionData?.form === "email" ? actionData : undefined;
  const nameResult = actionData?.form === "name" ? actionData : undefined;
  const totpResult = actionData?.form === "totp" ? actionData : undefined;
  const [params] = useSearchParams();
  const emailChangeSent = params.get("emailChangeSent");
  const roleKey: MessageKey = account.role === "admin" ? "role.admin" : account.role === "staff" ? "role.staff" : "role.member";
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      <QueryNotice name="changed" keys="account.passwordChanged" />
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
            {t(account.emailVerified ? "account.emailConfirmed" : "account.emailUnconfirmed")}
          </span>
        </dd>
        <dt className="font-medium text-slate-600">{t("account.role")}</dt>
        <dd>{t(roleKey)}</dd>
      </dl>
      <Form method="post" className="card space-y-4" noValidate aria-labelledby="change-name-heading">
        <h2 id="change-name-heading" className="text-lg font-semibold">
          {t("account.changeName")}
        </h2>
        <QueryNotice name="nameChanged" keys="account.nameChanged" />
        <input type="hidden" name="intent" value="change-name" />
        <Field
          name="name"
          label="account.newName"
          autoComplete="name"
          defaultValue={nameResult?.values.name ?? account.name}
          errors={nameResult?.errors}
          required
          maxLength={100}
        />
        <button type="submit" className="btn">
          {t("account.changeNameSubmit")}
        </button>
      </Form>
      <Form method="post" className="card space-y-4" noValidate aria-labelledby="change-password-heading">
        <h2 id="change-password-heading" className="text-lg font-semibold">
          {t("account.changePassword")}
        </h2>
        <FormError error={result?.errors.formErrors[0]} />
        <Field name="currentPassword" label="account.currentPassword" type="password" autoComplete="current-password" errors={result?.errors} required />
        <Field
          name="newPassword"
          label="account.newPassword"
          type="password"
          autoComplete="new-password"
          hint="signup.passwordHint"
          errors={result?.errors}
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
        <QueryNotice name="emailChangeSent" keys="account.emailChangeSent" params={{ email: emailChangeSent ?? "" }} />
        <p className="text-sm text-slate-600">{t("account.changeEmailHint")}</p>
        <input type="hidden" name="intent" value="change-email" />
        <FormError error={emailResult?.errors.formErrors[0]} />
        <Field
          name="newEmail"
          label="account.newEmail"
          type="email"
          autoComplete="email"
          defaultValue={emailResult?.values.newEmail}
          errors={emailResult?.errors}
          required
        />
        <Field name="password" label="account.changeEmailPassword" type="password" autoComplete="current-password" errors={emailResult?.errors} required />
        <button type="submit" className="btn">
          {t("account.changeEmailSubmit")}
        </button>
      </Form>
      {account.twoFactor ? <TwoFactor status={account.twoFactor} errors={totpResult?.errors} /> : null}
      <p>
        <Link to="/account/notifications" className="link">
          {t("account.notificationsLink")}
        </Link>
      </p>
    </div>
  );
}

/** Key as an app shows it: groups of four, easier to type by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

const TOTP_DONE: Record<string, MessageKey> = { enabled: "totp.done.enabled", disabled: "totp.done.disabled" };

function TwoFactor({ status, errors }: { status: TotpStatus; errors?: FormErrors }) {
  const { t } = useI18n();
  return (
    <section id="two-factor" className="card space-y-4" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading" className="text-lg font-semibold">
        {t("totp.title")}
      </h2>
      <QueryNotice name="twoFactor" keys={TOTP_DONE} show={!errors} />
      {status.required && !status.enabled ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t("totp.mustEnrol")}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">{t("totp.lead")}</p>
      <p>
        <span className="font-medium">{t("totp.status")}</span>{" "}
        <span data-testid="totp-status" className={status.enabled ? "text-green-800" : "text-slate-700"}>
          {t(status.enabled ? "totp.status.on" : "totp.status.off")}
        </span>
      </p>
      <FormError error={errors?.formErrors[0]} />

      {status.pending ? (
        <div className="space-y-4">
          <h3 className="font-semibold">{t(status.enabled ? "totp.setup.replaceTitle" : "totp.setup.title")}</h3>
          <p className="text-sm">{t("totp.setup.scan")}</p>
          <img src={status.pending.qrCode} alt={t("totp.setup.qrAlt")} width={192} height={192} className="rounded border border-slate-200 bg-white" />
          <p className="text-sm">{t("totp.setup.manual")}</p>
          <p>
            <code className="select-all rounded bg-slate-100 px-2 py-1 font-mono" data-testid="totp-secret">
              {grouped(status.pending.secret)}
            </code>
          </p>
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="totp-confirm" />
            <Field name="code" label="totp.setup.code" autoComplete="one-time-code" inputMode="numeric" maxLength={7} errors={errors} required />
            {status.enabled ? (
              <Field name="currentCode" label="totp.setup.currentCode" autoComplete="off" inputMode="numeric" maxLength={7} errors={errors} required />
            ) : null}
            <button type="submit" className="btn">
              {t("totp.setup.confirm")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="totp-cancel" />
            <button type="submit" className="btn-secondary">
              {t("totp.setup.cancel")}
            </button>
          </Form>
        </div>
      ) : (
        <>
          <Form method="post">
            <input type="hidden" name="intent" value="totp-start" />
            <button type="submit" className={status.enabled ? "btn-secondary" : "btn"}>
              {t(status.enabled ? "totp.replace" : "totp.start")}
            </button>
          </Form>
          {status.enabled && status.required ? <p className="text-sm text-slate-600">{t("totp.requiredNoOff")}</p> : null}
          {status.enabled && !status.required ? (
            <Form method="post" className="space-y-4 border-t border-slate-200 pt-4" noValidate aria-labelledby="totp-off-heading">
              <h3 id="totp-off-heading" className="font-semibold">
                {t("totp.disable.title")}
              </h3>
              <input type="hidden" name="intent" value="totp-disable" />
              <Field name="code" label="totp.disable.code" autoComplete="one-time-code" inputMode="numeric" maxLength={7} errors={errors} required />
              <button type="submit" className="btn-secondary">
                {t("totp.disable.submit")}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </section>
  );
}
