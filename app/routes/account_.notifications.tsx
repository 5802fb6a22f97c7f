import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { isStaffRole } from "~/modules/auth/roles";
import { type I18nHandle, useI18n, type MessageKey } from "~/modules/i18n/i18n";
import { staffAlertSchema } from "~/modules/introductions/schemas";
import {
  getStaffAlertFrequency,
  listEmailPreferences,
  setEmailPreferences,
  setStaffAlertFrequency,
  STAFF_DIGEST_HOUR_UTC,
} from "~/modules/notifications/preferences.server";
import { preferencesSchema } from "~/modules/notifications/schemas";
import { CATEGORY_LABELS } from "~/modules/notifications/labels";
import { FormError } from "~/components/field";
import { QueryNotice } from "~/components/notice";
import { parseForm, readForm } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: [
    "account.title",
    "errors.intro",
    "errors.notifications",
    "intro.outcome",
    "intro.staffAlerts",
    "intro.status",
    "mail.status",
    "notifications",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "notifications.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  return {
    preferences: listEmailPreferences({ userId: user.id }).map((p) => ({ ...p, label: CATEGORY_LABELS[p.category] })),
    // How staff hear of new introduction requests; members have no say (and no such mail).
    staffAlerts: isStaffRole(user.role) ? { frequency: getStaffAlertFrequency({ userId: user.id }), digestHour: STAFF_DIGEST_HOUR_UTC } : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "staffAlerts") {
    if (!isStaffRole(user.role)) throw new Response("Forbidden", { status: 403 });
    const alerts = parseForm(staffAlertSchema, form);
    if (!alerts.ok) return data({ form: "staffAlerts" as const, errors: alerts.errors }, { status: 400 });
    setStaffAlertFrequency({ userId: user.id, frequency: alerts.data.frequency });
    return redirect("/account/notifications?saved=staffAlerts");
  }
  const parsed = parseForm(preferencesSchema, form);
  if (!parsed.ok) return data({ form: "preferences" as const, errors: parsed.errors }, { status: 400 });
  setEmailPreferences({ userId: user.id, enabled: parsed.data.category });
  return redirect("/account/notifications?saved=1");
}

// What the redirect after a save names: the e-mail preferences, or the staff alerts.
const SAVED: Record<string, MessageKey> = { "1": "notifications.saved", staffAlerts: "intro.staffAlerts.saved" };

export default function EmailPreferences() {
  const { t } = useI18n();
  const { preferences, staffAlerts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData?.form === "preferences" ? actionData : undefined;
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-bold">{t("notifications.title")}</h1>
      <QueryNotice name="saved" keys={SAVED} />
      <Form method="post" className="card space-y-4">
        <p className="text-slate-700">{t("notifications.lead")}</p>
        <FormError error={result?.errors.formErrors[0] ?? result?.errors.fieldErrors.category?.[0]} />
        <fieldset className="space-y-4">
          <legend className="mb-2 font-semibold">{t("notifications.legend")}</legend>
          {preferences.map((p) => {
            const id = `category-${p.category}`;
            return (
              <div key={p.category} className="flex items-start gap-3">
                <input
                  id={id}
                  type="checkbox"
                  name="category"
                  value={p.category}
                  defaultChecked={p.enabled}
                  disabled={p.essential}
                  aria-describedby={`${id}-hint`}
                  className="mt-1 h-4 w-4 rounded border-slate-400 text-teal-800 focus:ring-teal-700"
                />
                <div>
                  <label htmlFor={id} className="font-medium text-slate-900">
                    {t(p.label.name)}
                    {p.essential ? <span className="ml-2 text-sm font-normal text-slate-600">{t("notifications.alwaysOn")}</span> : null}
                  </label>
                  <p id={`${id}-hint`} className="text-sm text-slate-600">
                    {t(p.label.hint)}
                  </p>
                </div>
              </div>
            );
          })}
        </fieldset>
        <button type="submit" className="btn">
          {t("notifications.submit")}
        </button>
      </Form>
      {staffAlerts ? (
        <Form method="post" className="card space-y-4">
          <input type="hidden" name="intent" value="staffAlerts" />
          <FormError
            error={actionData?.form === "staffAlerts" ? (actionData.errors.formErrors[0] ?? actionData.errors.fieldErrors.frequency?.[0]) : undefined}
          />
          <fieldset className="space-y-3">
            <legend className="mb-2 font-semibold">{t("intro.staffAlerts.legend")}</legend>
            {(["immediately", "daily"] as const).map((f) => (
              <div key={f} className="flex items-start gap-3">
                <input
                  id={`staff-alerts-${f}`}
                  type="radio"
                  name="frequency"
                  value={f}
                  defaultChecked={staffAlerts.frequency === f}
                  aria-describedby={`staff-alerts-${f}-hint`}
                  className="mt-1 h-4 w-4 border-slate-400 text-teal-800 focus:ring-teal-700"
                />
                <div>
                  <label htmlFor={`staff-alerts-${f}`} className="font-medium text-slate-900">
                    {t(f === "immediately" ? "intro.staffAlerts.immediately" : "intro.staffAlerts.daily")}
                  </label>
                  <p id={`staff-alerts-${f}-hint`} className="text-sm text-slate-600">
                    {f === "immediately"
                      ? t("intro.staffAlerts.immediatelyHint")
                      : t("intro.staffAlerts.dailyHint", { time: `${String(staffAlerts.digestHour).padStart(2, "0")}:00 UTC` })}
                  </p>
                </div>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="btn">
            {t("intro.staffAlerts.submit")}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to="/account" className="link">
          {t("account.title")}
        </Link>
      </p>
    </div>
  );
}
