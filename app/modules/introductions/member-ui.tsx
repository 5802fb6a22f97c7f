// The pieces of the members' introduction pages: dates, the table of a group of introductions and
// the "ask for an introduction" panel of the match and company pages. Client-safe; every text goes
// through the translations.
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { useTaxonomyLabel } from "~/modules/companies/ui";
import { PARTNERSHIP_TYPES } from "~/modules/companies/taxonomy";
import { isMessageKey, useI18n } from "~/modules/i18n/i18n";
import type { FormErrors, FormValues } from "~/utils/form";
import { type IntroductionStatus, type RefusalMessage } from "./labels";
import type { AskState } from "./member.server";
import { MESSAGE_MAX } from "./limits";
import { FirmNameText, IntroStatusBadge } from "./ui";
import { scrollRegion } from "~/components/scroll-region";
import { calendarDate } from "~/utils/time";

/** A refusal from describeRefusal, in words. */
export function useRefusalText() {
  const { t } = useI18n();
  return (r: RefusalMessage) => t(r.key, { ...r.params, ...(r.statusKey ? { status: t(r.statusKey) } : {}) });
}

export type IntroductionRow = {
  id: number;
  status: IntroductionStatus;
  purpose: string;
  createdAt: number;
  expiresAt: number;
  mustAnswer: boolean;
  partner: { name: string; localName: string | null; country: string };
};

/** One group of the firm's introductions as a table: partner, country, purpose, state, date. */
export function IntroductionTable({ rows, caption }: { rows: IntroductionRow[]; caption: string }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  return (
    <div className="card overflow-x-auto p-0" {...scrollRegion(caption)}>
      <table className="stack-table w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-4 py-2">
              {t("intro.col.partner")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("intro.col.country")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("intro.col.purpose")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("intro.col.state")}
            </th>
            <th scope="col" className="px-4 py-2">
              {t("intro.col.date")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-200 align-top">
              <th scope="row" data-label={t("intro.col.partner")} className="px-4 py-2 font-normal">
                <Link to={`/introductions/${r.id}`} className="link">
                  <FirmNameText firm={r.partner} />
                </Link>
              </th>
              <td data-label={t("intro.col.country")} className="px-4 py-2">
                {label("country", r.partner.country)}
              </td>
              <td data-label={t("intro.col.purpose")} className="px-4 py-2">
                {label("partnershipType", r.purpose)}
              </td>
              <td data-label={t("intro.col.state")} className="px-4 py-2">
                <IntroStatusBadge status={r.status} mustAnswer={r.mustAnswer} />
                {r.mustAnswer ? <span className="mt-1 block text-xs text-slate-700">{t("intro.answerBy", { date: calendarDate(r.expiresAt) })}</span> : null}
              </td>
              <td data-label={t("intro.col.date")} className="whitespace-nowrap px-4 py-2">
                {calendarDate(r.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a refused or invalid request returns to the page that shows the panel. */
type AskResult = {
  ask: {
    values: FormValues;
    errors?: FormErrors;
    refusal?: RefusalMessage & { introductionId?: number };
  };
};

/**
 * "Ask for an introduction", on a match or company page: the form when asking can succeed, or
 * why it cannot (with the way forward). `result` is the page action's answer to this form.
 */
export function AskIntroduction({ ask, partnerName, result }: { ask: AskState; partnerName: string; result?: AskResult["ask"] }) {
  const { t } = useI18n();
  if (ask.state === "hidden") return null;
  return (
    <section aria-labelledby="ask-heading" className="card space-y-4" id="ask">
      <h2 id="ask-heading" className="text-lg font-semibold">
        {t("intro.ask.title")}
      </h2>
      {ask.state === "ready" ? <AskForm ask={ask} partnerName={partnerName} result={result} /> : <AskBlocked ask={ask} />}
    </section>
  );
}

function AskBlocked({ ask }: { ask: Exclude<AskState, { state: "hidden" | "ready" }> }) {
  const { t } = useI18n();
  switch (ask.state) {
    case "no_company":
    case "not_listed":
      return (
        <p className="text-slate-800">
          {t(ask.state === "no_company" ? "errors.intro.noCompany" : "errors.intro.notListed")}{" "}
          <Link to="/company" className="link">
            {t("intro.ask.toCompany")}
          </Link>
        </p>
      );
    case "unverified":
      return (
        <div className="space-y-2 text-slate-800">
          <p>{t("intro.ask.unverified")}</p>
          <p>
            <Link to="/account" className="link">
              {t("intro.ask.toAccount")}
            </Link>
          </p>
        </div>
      );
    case "declined_before":
      return <p className="text-slate-800">{t("errors.intro.declinedBefore")}</p>;
    case "weekly_cap":
      return <p className="text-slate-800">{t("errors.intro.weeklyCap", { cap: ask.cap })}</p>;
    case "accepted":
      return (
        <div className="space-y-2">
          <p className="text-slate-800">
            {ask.introduction.acceptedAt ? t("intro.ask.accepted", { date: calendarDate(ask.introduction.acceptedAt) }) : t("intro.ask.acceptedUndated")}
          </p>
          <p>
            <Link to={`/introductions/${ask.introduction.id}`} className="link">
              {t("intro.ask.acceptedLink")}
            </Link>
          </p>
        </div>
      );
    case "open":
      return ask.introduction ? (
        <div className="space-y-2">
          <p className="text-slate-800">
            {t("intro.ask.open")} <IntroStatusBadge status={ask.introduction.status} />
          </p>
          <p className="text-sm text-slate-700">{t("intro.ask.openExpires", { date: calendarDate(ask.introduction.expiresAt) })}</p>
          <p>
            <Link to={`/introductions/${ask.introduction.id}`} className="link">
              {t("intro.ask.openLink")}
            </Link>
          </p>
        </div>
      ) : (
        <p className="text-slate-800">{t("errors.intro.alreadyOpen")}</p>
      );
  }
}

function AskForm({ ask, partnerName, result }: { ask: Extract<AskState, { state: "ready" }>; partnerName: string; result?: AskResult["ask"] }) {
  const { t, messages } = useI18n();
  const label = useTaxonomyLabel();
  const refusalText = useRefusalText();
  const errorOf = (field: string) => {
    const key = result?.errors?.fieldErrors[field]?.[0];
    if (!key) return undefined;
    return t(isMessageKey(messages, key) ? key : "errors.form.invalid", { max: MESSAGE_MAX });
  };
  const purposeError = errorOf("purpose");
  const messageError = errorOf("message");
  const formKey = result?.errors?.formErrors[0];
  const [length, setLength] = useState(() => [...(result?.values.message ?? "")].length);
  const purpose = result ? (result.values.purpose ?? "") : (ask.defaultPurpose ?? "");
  // Types both firms list first: the likeliest purposes of this request.
  const ordered = [...ask.shared, ...PARTNERSHIP_TYPES.filter((p) => !ask.shared.includes(p))];
  return (
    <Form method="post" className="space-y-4" noValidate>
      <p className="text-slate-700">{t("intro.ask.lead", { name: partnerName })}</p>
      {result?.refusal ? (
        <div role="alert" className="space-y-1 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          <p>{refusalText(result.refusal)}</p>
          {result.refusal.introductionId ? (
            <p>
              <Link to={`/introductions/${result.refusal.introductionId}`} className="link">
                {t("intro.ask.openLink")}
              </Link>
            </p>
          ) : null}
        </div>
      ) : formKey ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(isMessageKey(messages, formKey) ? formKey : "errors.form.invalid")}
        </div>
      ) : null}
      <input type="hidden" name="intent" value="request" />
      <input type="hidden" name="targetCompanyId" value={ask.partnerId} />
      <div className="space-y-1">
        <label htmlFor="ask-purpose" className="block text-sm font-medium text-slate-800">
          {t("intro.ask.purpose")}
        </label>
        <select
          id="ask-purpose"
          name="purpose"
          defaultValue={purpose}
          required
          className="input"
          aria-invalid={purposeError ? true : undefined}
          aria-describedby={purposeError ? "ask-purpose-hint ask-purpose-error" : "ask-purpose-hint"}
        >
          <option value="">{t("intro.ask.choosePurpose")}</option>
          {ordered.map((p) => (
            <option key={p} value={p}>
              {ask.shared.includes(p) ? t("intro.ask.sharedPurpose", { label: label("partnershipType", p) }) : label("partnershipType", p)}
            </option>
          ))}
        </select>
        <p id="ask-purpose-hint" className="text-sm text-slate-600">
          {ask.shared.length ? t("intro.ask.purposeHintShared") : t("intro.ask.purposeHint")}
        </p>
        {purposeError ? (
          <p id="ask-purpose-error" className="text-sm font-medium text-red-700">
            {purposeError}
          </p>
        ) : null}
      </div>
      <div className="space-y-1">
        <label htmlFor="ask-message" className="block text-sm font-medium text-slate-800">
          {t("intro.ask.message")}
        </label>
        <textarea
          id="ask-message"
          name="message"
          rows={6}
          required
          defaultValue={result?.values.message}
          onChange={(e) => setLength([...e.currentTarget.value].length)}
          className="input"
          aria-invalid={messageError ? true : undefined}
          aria-describedby={messageError ? "ask-message-hint ask-message-error" : "ask-message-hint"}
        />
        <p id="ask-message-hint" className="text-sm text-slate-600">
          {t("intro.ask.messageHint", { max: MESSAGE_MAX.toLocaleString("en") })}{" "}
          <span className={length > MESSAGE_MAX ? "font-medium text-red-700" : undefined}>
            {t("intro.ask.count", { count: length, max: MESSAGE_MAX.toLocaleString("en") })}
          </span>
        </p>
        {messageError ? (
          <p id="ask-message-error" className="text-sm font-medium text-red-700">
            {messageError}
          </p>
        ) : null}
      </div>
      <p className="text-sm text-slate-700">{t("intro.ask.after", { remaining: ask.remaining, cap: ask.cap })}</p>
      <button type="submit" className="btn">
        {t("intro.ask.submit")}
      </button>
    </Form>
  );
}
