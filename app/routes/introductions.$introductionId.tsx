import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { CHANNEL_MESSAGES, ContactChannels } from "~/modules/companies/contact-ui";
import { langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { PARTNERSHIP_TYPES } from "~/modules/companies/taxonomy";
import { QueryNotice } from "~/components/notice";
import { type I18nHandle, isMessageKey, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { getIntroductionForUser } from "~/modules/introductions/introductions.server";
import { describeRefusal, OUTCOME_LABELS, OUTCOMES, type RefusalMessage } from "~/modules/introductions/labels";
import { useRefusalText } from "~/modules/introductions/member-ui";
import { IntroStatusBadge } from "~/modules/introductions/ui";
import { NOTE_MAX } from "~/modules/introductions/limits";
import { memberIntroductionActionSchema } from "~/modules/introductions/schemas";
import { acceptIntroduction, declineIntroductionByFirm, recordOutcome, withdrawIntroduction } from "~/modules/introductions/workflow.server";
import { fieldError, parseForm, readForm, type FormErrors } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { calendarDate } from "~/utils/time";
import { notFound, parseRouteId } from "~/utils/http";

export const handle: I18nHandle = {
  i18n: [
    // The contact's phone and handles, once accepted.
    ...CHANNEL_MESSAGES,
    "companies.status",
    "errors.intro",
    "intro",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "intro.detail.pageTitle");

/** The user's firm's introduction, or 404 — the same answer for another firm's and for one that does not exist. */
function ownIntroduction(userId: string, param: string | undefined) {
  const introduction = getIntroductionForUser({ introductionId: parseRouteId(param), userId });
  if (!introduction) throw notFound();
  return introduction;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  return { introduction: ownIntroduction(user.id, params.introductionId) };
}

type ActionResult = {
  intent: string;
  errors?: FormErrors;
  values?: Record<string, string>;
  refusal?: RefusalMessage;
};

const DONE_OF_INTENT = { accept: "accepted", decline: "declined", withdraw: "withdrawn", outcome: "outcome" } as const;

// Answering needs no confirmed address (the firm was reached by e-mail already); asking does.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const { id: introductionId } = ownIntroduction(user.id, params.introductionId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const values = Object.fromEntries(["note", "outcome", "partnershipType"].map((k) => [k, String(form.get(k) ?? "")]));
  const parsed = parseForm(memberIntroductionActionSchema, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values }, { status: 400 });
  const input = parsed.data;
  const result = (() => {
    switch (input.intent) {
      case "accept":
        return acceptIntroduction({ introductionId, userId: user.id });
      case "decline":
        return declineIntroductionByFirm({ introductionId, userId: user.id, note: input.note });
      case "withdraw":
        return withdrawIntroduction({ introductionId, userId: user.id });
      case "outcome":
        return recordOutcome({ introductionId, userId: user.id, outcome: input.outcome, partnershipType: input.partnershipType, note: input.note });
    }
  })();
  if (result.ok) {
    // One of two firms accepting a council suggestion leaves it open: the page says so.
    const done = "status" in result && result.status === "approved" ? "acceptedOne" : DONE_OF_INTENT[input.intent];
    return redirect(`/introductions/${introductionId}?done=${done}${input.intent === "outcome" ? "#outcome" : ""}`);
  }
  if (result.reason === "not_found") throw notFound();
  if (result.reason === "partnership_type_required") {
    return data<ActionResult>({ intent, errors: fieldError("partnershipType", "errors.intro.partnershipTypeRequired"), values }, { status: 400 });
  }
  // Members read that it is too late, not which staff member decided (that is for staff).
  const refusal = describeRefusal(result.reason === "illegal_transition" ? { ...result, decidedBy: null } : result);
  return data<ActionResult>({ intent, refusal }, { status: 409 });
}

// What the page says after a redirect with ?done=…
const DONE: Record<string, MessageKey> = {
  requested: "intro.done.requested",
  accepted: "intro.done.accepted",
  acceptedOne: "intro.done.acceptedOne",
  declined: "intro.done.declined",
  withdrawn: "intro.done.withdrawn",
  outcome: "intro.done.outcome",
};

type Introduction = ReturnType<typeof useLoaderData<typeof loader>>["introduction"];

/** What the state means for the reader and what happens next. */
function nextStepKey(i: Introduction): MessageKey {
  const declinedByPartner = i.events.some((e) => e.kind === "declined_by_target" && e.companyId === i.partner.id);
  switch (i.status) {
    case "requested":
      return "intro.next.requested";
    case "approved":
      if (i.can.accept) return i.direction === "council" ? "intro.next.councilAnswer" : "intro.next.answer";
      return i.direction === "council" ? "intro.next.councilWaiting" : "intro.next.sentWaiting";
    case "accepted":
      return "intro.next.accepted";
    case "declined_by_staff":
      return "intro.next.declinedByStaff";
    case "declined_by_target":
      return declinedByPartner ? "intro.next.declinedByPartner" : "intro.next.declinedByYou";
    case "expired":
      return "intro.next.expired";
    case "withdrawn":
      return i.direction === "sent" ? "intro.next.withdrawnByYou" : "intro.next.withdrawnByPartner";
  }
}

const ORIGIN: Record<Introduction["direction"], MessageKey> = {
  sent: "intro.detail.origin.sent",
  received: "intro.detail.origin.received",
  council: "intro.detail.origin.council",
};

export default function IntroductionPage() {
  const { t, messages } = useI18n();
  const label = useTaxonomyLabel();
  const refusalText = useRefusalText();
  const { introduction: i } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const p = i.partner;
  const open = i.status === "requested" || i.status === "approved";
  const errorOf = (intent: string, field: string) => {
    if (result?.intent !== intent) return undefined;
    const key = result.errors?.fieldErrors[field]?.[0];
    return key ? t(isMessageKey(messages, key) ? key : "errors.form.invalid", { max: NOTE_MAX }) : undefined;
  };
  const valueOf = (intent: string, field: string) => (result?.intent === intent ? result.values?.[field] : undefined);
  const formProblem = result?.refusal ? refusalText(result.refusal) : result?.errors?.formErrors.length ? t("errors.form.invalid") : null;
  // The partner's people are named only once accepted (the loader sends no name before that).
  const who = (e: Introduction["events"][number]) =>
    e.byStaff
      ? t("intro.history.staff")
      : e.companyId === p.id
        ? e.actor
          ? t("intro.history.personOf", { name: e.actor, firm: p.name })
          : t("intro.history.memberOf", { firm: p.name })
        : e.companyId === null
          ? t("intro.history.system")
          : (e.actor ?? t("intro.history.yourFirm"));

  return (
    <div className="space-y-6">
      <p>
        <Link to="/introductions" className="link">
          {t("intro.detail.back")}
        </Link>
      </p>

      <QueryNotice name="done" keys={DONE} params={{ name: p.name }} />
      {/* The request form of a company or match page lands here with ?requested=1. */}
      <QueryNotice name="requested" keys="intro.done.requested" params={{ name: p.name }} show={params.get("done") === null} />
      {formProblem ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {formProblem}
        </div>
      ) : null}

      <header className="space-y-1">
        <p className="text-sm text-slate-600">{t(ORIGIN[i.direction], { name: p.name })}</p>
        <h1 className="text-2xl font-bold">
          {t("intro.detail.title", { name: p.name })}
          {p.localName ? " " : null}
          {p.localName ? (
            <span lang={langOfScript(p.localName)} className="ml-2 text-xl font-normal text-slate-700">
              {p.localName}
            </span>
          ) : null}
        </h1>
        <p className="text-slate-700">{[label("country", p.country), p.city].filter(Boolean).join(" · ")}</p>
      </header>

      <section aria-labelledby="state-heading" className="card space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="state-heading" className="text-lg font-semibold">
            {t("intro.detail.state")}
          </h2>
          <IntroStatusBadge status={i.status} mustAnswer={i.can.accept} />
        </div>
        <p className="text-slate-800">{t(nextStepKey(i), { name: p.name, date: calendarDate(i.expiresAt) })}</p>
        {i.held ? (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {t("intro.detail.held")}
          </p>
        ) : null}
        {open ? <p className="text-sm text-slate-700">{t("intro.detail.expires", { date: calendarDate(i.expiresAt) })}</p> : null}
        {i.staffReason ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <h3 className="text-sm font-semibold">{t("intro.detail.staffReason")}</h3>
            <p className="mt-1 whitespace-pre-line text-slate-800">{i.staffReason}</p>
          </div>
        ) : null}
      </section>

      {i.contact ? (
        <section aria-labelledby="contact-heading" className="space-y-2 rounded-md border-2 border-teal-700 bg-teal-50 p-5">
          <h2 id="contact-heading" className="text-lg font-semibold text-teal-950">
            {t("intro.contact.title", { name: p.name })}
          </h2>
          <p className="text-lg font-medium">{i.contact.name}</p>
          <p>
            <a href={`mailto:${i.contact.email}`} className="link text-lg">
              {i.contact.email}
            </a>
          </p>
          <ContactChannels channels={i.contact.channels} className="text-lg" />
          <p className="text-sm text-slate-700">{t("intro.contact.hint")}</p>
        </section>
      ) : null}

      {i.can.accept || i.can.decline ? (
        <section aria-labelledby="answer-heading" className="card space-y-4">
          <h2 id="answer-heading" className="text-lg font-semibold">
            {t("intro.answer.title")}
          </h2>
          {i.can.accept ? (
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="accept" />
              <p id="accept-hint" className="text-sm text-slate-700">
                {t("intro.answer.acceptHint", { name: p.name })}
              </p>
              <button type="submit" className="btn" aria-describedby="accept-hint">
                {t("intro.answer.accept")}
              </button>
            </Form>
          ) : null}
          {i.can.decline ? (
            <Form method="post" className="space-y-2 border-t border-slate-200 pt-4" noValidate>
              <input type="hidden" name="intent" value="decline" />
              <TextArea
                id="decline-note"
                name="note"
                label={t("intro.answer.note")}
                hint={t("intro.answer.noteHint", { name: p.name, max: NOTE_MAX.toLocaleString("en") })}
                error={errorOf("decline", "note")}
                defaultValue={valueOf("decline", "note")}
              />
              <button type="submit" className="btn-secondary">
                {t("intro.answer.decline")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {i.can.withdraw ? (
        <section aria-labelledby="withdraw-heading" className="card space-y-2">
          <h2 id="withdraw-heading" className="text-lg font-semibold">
            {t("intro.withdraw.title")}
          </h2>
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="withdraw" />
            <p id="withdraw-hint" className="text-sm text-slate-700">
              {t("intro.withdraw.hint", { name: p.name })}
            </p>
            <button type="submit" className="btn-secondary" aria-describedby="withdraw-hint">
              {t("intro.withdraw.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {i.can.recordOutcome || i.outcomes.length ? (
        <section id="outcome" aria-labelledby="outcome-heading" className="card space-y-4">
          <h2 id="outcome-heading" className="text-lg font-semibold">
            {t("intro.record.title")}
          </h2>
          {i.outcomes.length ? (
            <ol className="space-y-2">
              {i.outcomes.map((o, n) => (
                <li key={o.id} className="rounded-md border border-slate-200 p-3 text-sm">
                  <p className="font-medium">
                    {t(OUTCOME_LABELS[o.outcome])}
                    {o.partnershipType ? ` · ${label("partnershipType", o.partnershipType)}` : null}
                    {n === 0 ? <span className="ml-2 text-xs font-normal text-slate-600">{t("intro.record.current")}</span> : null}
                  </p>
                  {o.note ? <p className="mt-1 whitespace-pre-line text-slate-800">{o.note}</p> : null}
                  <p className="mt-1 text-slate-600">
                    {t("intro.record.by", {
                      who: o.companyId === null ? t("intro.history.staff") : o.companyId === p.id ? p.name : (o.recordedBy ?? t("intro.history.yourFirm")),
                      date: calendarDate(o.createdAt),
                    })}
                  </p>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-slate-700">{t("intro.record.none")}</p>
          )}
          {i.can.recordOutcome ? (
            <Form method="post" className="space-y-3 border-t border-slate-200 pt-4" noValidate>
              <input type="hidden" name="intent" value="outcome" />
              <p className="text-sm text-slate-700">{t("intro.record.lead")}</p>
              <Select
                id="outcome-outcome"
                name="outcome"
                label={t("intro.record.outcome")}
                error={errorOf("outcome", "outcome")}
                defaultValue={valueOf("outcome", "outcome") ?? ""}
                options={[{ value: "", label: t("intro.record.choose") }, ...OUTCOMES.map((o) => ({ value: o, label: t(OUTCOME_LABELS[o]) }))]}
              />
              <Select
                id="outcome-type"
                name="partnershipType"
                label={t("intro.record.partnershipType")}
                hint={t("intro.record.partnershipTypeHint")}
                error={errorOf("outcome", "partnershipType")}
                defaultValue={valueOf("outcome", "partnershipType") ?? ""}
                options={[{ value: "", label: t("intro.record.noType") }, ...PARTNERSHIP_TYPES.map((c) => ({ value: c, label: label("partnershipType", c) }))]}
              />
              <TextArea
                id="outcome-note"
                name="note"
                label={t("intro.record.note")}
                hint={t("intro.record.noteHint", { max: NOTE_MAX.toLocaleString("en") })}
                error={errorOf("outcome", "note")}
                defaultValue={valueOf("outcome", "note")}
              />
              <button type="submit" className="btn">
                {t("intro.record.submit")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="request-heading" className="card space-y-3">
        <h2 id="request-heading" className="text-lg font-semibold">
          {t("intro.detail.request")}
        </h2>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem,1fr]">
          <dt className="font-medium text-slate-700">{t("intro.col.purpose")}</dt>
          <dd>{label("partnershipType", i.purpose)}</dd>
          <dt className="font-medium text-slate-700">{t("intro.detail.created")}</dt>
          <dd>{calendarDate(i.createdAt)}</dd>
        </dl>
        <h3 className="text-sm font-semibold">{t("intro.detail.message")}</h3>
        <blockquote className="whitespace-pre-line border-l-4 border-slate-300 pl-3 text-slate-800">{i.message}</blockquote>
      </section>

      <section aria-labelledby="partner-heading" className="card space-y-3">
        <h2 id="partner-heading" className="text-lg font-semibold">
          {t("intro.detail.about", { name: p.name })}
        </h2>
        {p.description ? <p className="whitespace-pre-line text-slate-800">{p.description}</p> : null}
        {p.website ? (
          <p className="text-sm">
            <a href={p.website} className="link break-all" rel="noopener noreferrer nofollow" target="_blank">
              {p.website}
            </a>
          </p>
        ) : null}
        {p.visible ? (
          <p className="text-sm">
            <Link to={`/companies/${p.id}`} className="link">
              {t("intro.detail.profile", { name: p.name })}
            </Link>
          </p>
        ) : (
          <p className="text-sm text-slate-600">{t("intro.detail.notListed")}</p>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("intro.history.title")}
        </h2>
        <ol className="space-y-1 text-sm">
          {i.events.map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-2">
              <span className="whitespace-nowrap text-slate-600">{calendarDate(e.createdAt)}</span>
              <span>
                <span className="font-medium">{who(e)}</span>{" "}
                {isMessageKey(messages, `intro.event.${e.kind}`) ? t(`intro.event.${e.kind}` as MessageKey) : e.kind}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function TextArea(props: { id: string; name: string; label: string; hint: string; error?: string; defaultValue?: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <textarea
        id={props.id}
        name={props.name}
        rows={3}
        defaultValue={props.defaultValue}
        className="input"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-hint ${props.id}-error` : `${props.id}-hint`}
      />
      <p id={`${props.id}-hint`} className="text-sm text-slate-600">
        {props.hint}
      </p>
      {props.error ? (
        <p id={`${props.id}-error`} className="text-sm font-medium text-red-700">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function Select(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue: string;
  options: { value: string; label: string }[];
}) {
  const describedBy = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <select
        id={props.id}
        name={props.name}
        defaultValue={props.defaultValue}
        className="input"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint ? (
        <p id={`${props.id}-hint`} className="text-sm text-slate-600">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} className="text-sm font-medium text-red-700">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
