import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { Field, FormError, useErrorText } from "~/components/field";
import { requireAdmin } from "~/modules/auth/guards.server";
import { staffActionSchema } from "~/modules/auth/schemas";
import { resetTotpByAdmin } from "~/modules/auth/totp.server";
import { createStaffAccount, disableUser, enableUser, listStaff } from "~/modules/auth/users.server";
import { type I18nHandle, type MessageKey, refusalKey, useI18n } from "~/modules/i18n/i18n";
import { fieldError, formError, parseForm, readForm, type FormErrors } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { notFound } from "~/utils/http";
import { STAFF_REFUSALS, TOTP_RESET_REFUSALS } from "~/modules/auth/labels";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = {
  i18n: [
    "account.email",
    "account.name",
    "account.role",
    "errors.email",
    "errors.login",
    "errors.name",
    "errors.password",
    "role",
    "staff",
    "totp.staff",
    "totp.status",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "staff.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireAdmin(request, context);
  return {
    staff: listStaff().map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, disabled: !!u.disabledAt, twoFactor: u.totpEnabledAt !== null })),
    me: user.id,
  };
}

type Created = { name: string; email: string; role: "staff" | "admin"; oneTimePassword: string };
type ActionData = { created: Created; errors?: undefined; values?: undefined } | { created?: undefined; errors: FormErrors; values: Record<string, string> };

/**
 * Create, disable or enable a staff account. A new account's one-time password is in this
 * response only: it is never stored in clear, never logged, and the page cannot show it again.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireAdmin(request, context);
  const form = await readForm(request);
  const parsed = parseForm(staffActionSchema, form);
  const failed = (errors: FormErrors, status = 400) => data<ActionData>({ errors, values: parsed.values }, { status });
  if (!parsed.ok) return failed(parsed.errors);
  const input = parsed.data;
  switch (input.intent) {
    case "create": {
      const result = await createStaffAccount({ name: input.name, email: input.email, role: input.role, actorUserId: user.id });
      if (!result.ok) return failed(result.reason === "email_taken" ? fieldError("email", "staff.errors.emailTaken") : formError("errors.form.invalid"), 409);
      const created: Created = { name: result.user.name, email: result.user.email, role: input.role, oneTimePassword: result.oneTimePassword! };
      return data<ActionData>({ created }, { headers: { "Cache-Control": "no-store" } });
    }
    case "disable": {
      const result = disableUser({ userId: input.userId, staffUserId: user.id });
      if (!result.ok && result.reason === "not_found") throw notFound();
      if (!result.ok) return failed(formError(refusalKey(STAFF_REFUSALS, result.reason)), 409);
      return redirect("/admin/staff?done=disabled");
    }
    case "enable": {
      const result = enableUser({ userId: input.userId, staffUserId: user.id });
      if (!result.ok && result.reason === "not_found") throw notFound();
      if (!result.ok) return failed(formError(refusalKey(STAFF_REFUSALS, result.reason)), 409);
      return redirect("/admin/staff?done=enabled");
    }
    case "reset-totp": {
      const result = await resetTotpByAdmin({ adminUserId: user.id, userId: input.userId });
      if (!result.ok && result.reason === "not_found") throw notFound();
      if (!result.ok) return failed(formError(refusalKey(TOTP_RESET_REFUSALS, result.reason)), 409);
      return redirect("/admin/staff?done=totpReset");
    }
  }
}

const DONE: Record<string, MessageKey> = { disabled: "staff.done.disabled", enabled: "staff.done.enabled", totpReset: "totp.staff.resetDone" };

export default function StaffAccounts() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { staff, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const roleError = errorText(errors?.fieldErrors.role?.[0]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("staff.title")}</h1>
        <p className="mt-1 text-slate-700">{t("staff.lead")}</p>
      </div>
      <QueryNotice name="done" keys={DONE} show={!result} />
      <FormError error={errors?.formErrors[0]} />

      {result?.created ? (
        <section role="status" aria-labelledby="created-heading" className="card space-y-2 border-green-300 bg-green-50">
          <h2 id="created-heading" className="text-lg font-semibold text-green-950">
            {t("staff.created.title", { email: result.created.email })}
          </h2>
          <p className="text-sm">{t(result.created.role === "admin" ? "staff.created.admin" : "staff.created.staff", { name: result.created.name })}</p>
          <p className="text-sm font-medium">{t("staff.created.password")}</p>
          <p>
            <code className="select-all rounded bg-white px-2 py-1 font-mono text-lg" data-testid="one-time-password">
              {result.created.oneTimePassword}
            </code>
          </p>
          <p className="text-sm text-slate-700">{t("staff.created.once")}</p>
        </section>
      ) : null}

      <div className="card overflow-x-auto p-0" {...scrollRegion(t("staff.title"))}>
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">{t("staff.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-4 py-2">
                {t("account.name")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("account.email")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("account.role")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("staff.status")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("totp.staff.column")}
              </th>
              <th scope="col" className="px-4 py-2">
                {t("staff.actions")}
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id} className="border-t border-slate-200">
                <th scope="row" data-label={t("account.name")} className="px-4 py-2 font-normal">
                  {s.name}
                </th>
                <td data-label={t("account.email")} className="px-4 py-2">
                  {s.email}
                </td>
                <td data-label={t("account.role")} className="px-4 py-2">
                  {t(s.role === "admin" ? "role.admin" : "role.staff")}
                </td>
                <td data-label={t("staff.status")} className="px-4 py-2">
                  {t(s.disabled ? "staff.disabled" : "staff.active")}
                </td>
                <td data-label={t("totp.staff.column")} className="px-4 py-2">
                  {t(s.twoFactor ? "totp.status.on" : "totp.status.off")}
                </td>
                <td data-label={t("staff.actions")} className="px-4 py-2">
                  {s.id === me ? (
                    <span className="text-slate-600">{t("staff.you")}</span>
                  ) : (
                    <div className="flex flex-wrap gap-2">
                      <Form method="post">
                        <input type="hidden" name="intent" value={s.disabled ? "enable" : "disable"} />
                        <input type="hidden" name="userId" value={s.id} />
                        <button
                          type="submit"
                          className="btn-secondary px-3 py-1 text-sm"
                          aria-label={t(s.disabled ? "staff.enable.of" : "staff.disable.of", { name: s.name })}
                        >
                          {t(s.disabled ? "staff.enable" : "staff.disable")}
                        </button>
                      </Form>
                      {s.twoFactor ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="reset-totp" />
                          <input type="hidden" name="userId" value={s.id} />
                          <button type="submit" className="btn-secondary px-3 py-1 text-sm" aria-label={t("totp.staff.reset.of", { name: s.name })}>
                            {t("totp.staff.reset")}
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-600">{t("staff.disable.hint")}</p>
      <p className="text-sm text-slate-600">{t("totp.staff.reset.hint")}</p>

      <Form method="post" className="card max-w-xl space-y-4" noValidate aria-labelledby="create-heading">
        <h2 id="create-heading" className="text-lg font-semibold">
          {t("staff.create.title")}
        </h2>
        <p className="text-sm text-slate-700">{t("staff.create.lead")}</p>
        <input type="hidden" name="intent" value="create" />
        <Field name="name" label="staff.create.name" autoComplete="off" required maxLength={100} defaultValue={result?.values?.name} errors={errors} />
        <Field name="email" label="staff.create.email" type="email" autoComplete="off" required defaultValue={result?.values?.email} errors={errors} />
        <div className="space-y-1">
          <label htmlFor="field-role" className="block text-sm font-medium text-slate-800">
            {t("account.role")}
          </label>
          <select
            id="field-role"
            name="role"
            defaultValue={result?.values?.role ?? "staff"}
            className="input max-w-xs"
            aria-describedby={roleError ? "field-role-hint field-role-error" : "field-role-hint"}
            aria-invalid={roleError ? true : undefined}
          >
            <option value="staff">{t("role.staff")}</option>
            <option value="admin">{t("role.admin")}</option>
          </select>
          <p id="field-role-hint" className="text-sm text-slate-600">
            {t("staff.create.roleHint")}
          </p>
          {roleError ? (
            <p id="field-role-error" className="text-sm font-medium text-red-700">
              {roleError}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn">
          {t("staff.create.submit")}
        </button>
      </Form>
    </div>
  );
}
