import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { z } from "zod";
import { useErrorText } from "~/components/field";
import { requireAdmin, requireStaff } from "~/modules/auth/guards.server";
import { isStaffTotpRequired, requireStaffTotpFormSchema, setRequireStaffTotp } from "~/modules/auth/totp.server";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { getWeeklyCap, MAX_WEEKLY_CAP, setWeeklyCap, weeklyCapFormSchema } from "~/modules/introductions/settings.server";
import { DEFAULT_MIN_SCORE } from "~/modules/matching/limits";
import { aseanPairsFormSchema } from "~/modules/matching/schemas";
import { getMatchingRules, getMinScore, minScoreFormSchema, setAseanPairs, setMinScore } from "~/modules/matching/store.server";
import { fieldError, formError, parseForm, readForm, type FormErrors } from "~/utils/form";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = { i18n: ["errors.matches", "matching.admin.aseanPairs", "moderation.errors", "settings", "totp.settings", "taxonomy"] };

export const meta: MetaFunction = (args) => pageTitle(args, "settings.title");

// The council's settings, one form each; every module keeps its own field. Made on use: a schema
// at the top of a route would carry zod into the browser bundle.
const settingsFormSchema = () => z.discriminatedUnion("intent", [weeklyCapFormSchema, aseanPairsFormSchema, minScoreFormSchema, requireStaffTotpFormSchema]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, context);
  return {
    weeklyCap: getWeeklyCap(),
    maxCap: MAX_WEEKLY_CAP,
    aseanPairs: getMatchingRules().aseanPairs,
    minScore: getMinScore(),
    requireStaffTotp: isStaffTotpRequired(),
    canChange: user.role === "admin",
  };
}

/** Only administrators change settings; staff see them. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireAdmin(request, context);
  const form = await readForm(request);
  const failed = (errors: FormErrors) => data({ errors, cap: String(form.get("cap") ?? ""), minScore: String(form.get("minScore") ?? "") }, { status: 400 });
  const parsed = parseForm(settingsFormSchema(), form);
  if (!parsed.ok) return failed(parsed.errors);
  if (parsed.data.intent === "weeklyCap") {
    const result = setWeeklyCap({ cap: parsed.data.cap, staffUserId: user.id });
    if (!result.ok) return failed(fieldError("cap", "settings.errors.cap"));
  } else if (parsed.data.intent === "minScore") {
    const result = setMinScore({ minScore: parsed.data.minScore, staffUserId: user.id });
    if (!result.ok) return failed(fieldError("minScore", "settings.errors.minScore"));
  } else if (parsed.data.intent === "aseanPairs") {
    setAseanPairs({ allowed: parsed.data.allowed === "on", staffUserId: user.id });
  } else {
    const result = setRequireStaffTotp({ required: parsed.data.required === "on", adminUserId: user.id });
    if (!result.ok) return failed(formError("totp.settings.enrolFirst"));
  }
  return redirect(`/admin/settings?saved=${parsed.data.intent}`);
}

const SAVED: Record<string, MessageKey> = {
  weeklyCap: "settings.saved.weeklyCap",
  aseanPairs: "settings.saved.aseanPairs",
  minScore: "settings.saved.minScore",
  requireStaffTotp: "totp.settings.saved",
};

/** A setting that is on or off: its own form with one checkbox and a save button. */
function SwitchForm(props: { intent: string; id: string; name: string; checked: boolean; legend: string; label: string; hint: string }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="card space-y-3">
      <input type="hidden" name="intent" value={props.intent} />
      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">{props.legend}</legend>
        <div className="flex items-start gap-3">
          <input
            id={props.id}
            type="checkbox"
            name={props.name}
            defaultChecked={props.checked}
            aria-describedby={`${props.id}-hint`}
            className="mt-1 h-4 w-4 rounded border-slate-400 text-teal-800 focus:ring-teal-700"
          />
          <div>
            <label htmlFor={props.id} className="font-medium">
              {props.label}
            </label>
            <p id={`${props.id}-hint`} className="text-sm text-slate-600">
              {props.hint}
            </p>
          </div>
        </div>
      </fieldset>
      <button type="submit" className="btn">
        {t("settings.save")}
      </button>
    </Form>
  );
}

export default function Settings() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { weeklyCap, maxCap, aseanPairs, minScore, requireStaffTotp, canChange } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const capError = errorText(failed?.errors.fieldErrors.cap?.[0]);
  const minScoreError = errorText(failed?.errors.fieldErrors.minScore?.[0]);
  const formError = errorText(failed?.errors.formErrors[0]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("settings.title")}</h1>
        <p className="mt-1 text-slate-700">{t(canChange ? "settings.lead" : "settings.readOnly")}</p>
      </div>
      <QueryNotice name="saved" keys={SAVED} show={!failed} />
      {formError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {formError}
        </p>
      ) : null}

      {canChange ? (
        <>
          <Form method="post" className="card space-y-3" noValidate aria-labelledby="cap-heading">
            <h2 id="cap-heading" className="text-lg font-semibold">
              {t("settings.weeklyCap.title")}
            </h2>
            <input type="hidden" name="intent" value="weeklyCap" />
            <div className="space-y-1">
              <label htmlFor="field-cap" className="block text-sm font-medium text-slate-800">
                {t("settings.weeklyCap.label")}
              </label>
              <input
                id="field-cap"
                name="cap"
                type="number"
                inputMode="numeric"
                min={1}
                max={maxCap}
                step={1}
                required
                defaultValue={failed?.cap ?? String(weeklyCap)}
                className="input max-w-[10rem]"
                aria-invalid={capError ? true : undefined}
                aria-describedby={capError ? "field-cap-hint field-cap-error" : "field-cap-hint"}
              />
              <p id="field-cap-hint" className="text-sm text-slate-600">
                {t("settings.weeklyCap.hint", { max: maxCap })}
              </p>
              {capError ? (
                <p id="field-cap-error" className="text-sm font-medium text-red-700">
                  {capError}
                </p>
              ) : null}
            </div>
            <button type="submit" className="btn">
              {t("settings.save")}
            </button>
          </Form>

          <SwitchForm
            intent="aseanPairs"
            id="asean-pairs"
            name="allowed"
            checked={aseanPairs}
            legend={t("matching.admin.aseanPairs.legend")}
            label={t("matching.admin.aseanPairs.label")}
            hint={t("matching.admin.aseanPairs.hint")}
          />

          <Form method="post" className="card space-y-3" noValidate aria-labelledby="min-score-heading">
            <h2 id="min-score-heading" className="text-lg font-semibold">
              {t("settings.minScore.title")}
            </h2>
            <input type="hidden" name="intent" value="minScore" />
            <div className="space-y-1">
              <label htmlFor="field-minScore" className="block text-sm font-medium text-slate-800">
                {t("settings.minScore.label")}
              </label>
              <input
                id="field-minScore"
                name="minScore"
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                step={1}
                required
                defaultValue={failed?.minScore || String(minScore)}
                className="input max-w-[10rem]"
                aria-invalid={minScoreError ? true : undefined}
                aria-describedby={minScoreError ? "field-minScore-hint field-minScore-error" : "field-minScore-hint"}
              />
              <p id="field-minScore-hint" className="text-sm text-slate-600">
                {t("settings.minScore.hint", { default: DEFAULT_MIN_SCORE })}
              </p>
              {minScoreError ? (
                <p id="field-minScore-error" className="text-sm font-medium text-red-700">
                  {minScoreError}
                </p>
              ) : null}
            </div>
            <button type="submit" className="btn">
              {t("settings.save")}
            </button>
          </Form>

          <SwitchForm
            intent="requireStaffTotp"
            id="require-staff-totp"
            name="required"
            checked={requireStaffTotp}
            legend={t("totp.settings.legend")}
            label={t("totp.settings.label")}
            hint={t("totp.settings.hint")}
          />
        </>
      ) : (
        <section aria-labelledby="current-heading" className="card space-y-3">
          <h2 id="current-heading" className="text-lg font-semibold">
            {t("settings.current")}
          </h2>
          <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[16rem,1fr]">
            <dt className="font-medium text-slate-700">{t("settings.weeklyCap.label")}</dt>
            <dd className="tabular-nums">{weeklyCap}</dd>
            <dt className="font-medium text-slate-700">{t("matching.admin.aseanPairs.legend")}</dt>
            <dd>{t(aseanPairs ? "settings.aseanPairs.on" : "settings.aseanPairs.off")}</dd>
            <dt className="font-medium text-slate-700">{t("settings.minScore.label")}</dt>
            <dd className="tabular-nums">{minScore}</dd>
            <dt className="font-medium text-slate-700">{t("totp.settings.legend")}</dt>
            <dd>{t(requireStaffTotp ? "totp.settings.on" : "totp.settings.off")}</dd>
          </dl>
        </section>
      )}
    </div>
  );
}
