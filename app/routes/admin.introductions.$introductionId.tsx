import { formatUtc } from "~/utils/time";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { QueryNotice } from "~/components/notice";
import { FormError, useErrorText } from "~/components/field";
import { requireStaff } from "~/modules/auth/guards.server";
import { PARTNERSHIP_TYPES } from "~/modules/companies/taxonomy";
import { CHANNEL_MESSAGES, ContactChannels } from "~/modules/companies/contact-ui";
import { CodeList, langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, joinList, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { getIntroductionForStaff } from "~/modules/introductions/introductions.server";
import { describeRefusal, OUTCOME_LABELS, OUTCOMES, STATUS_LABELS, type IntroductionStatus, type RefusalMessage } from "~/modules/introductions/labels";
import { NOTE_MAX } from "~/modules/introductions/limits";
import { staffIntroductionActionSchema } from "~/modules/introductions/schemas";
import { MatchBothWays } from "~/modules/introductions/staff-ui";
import { FirmNameText, IntroStatusBadge } from "~/modules/introductions/ui";
import { approveIntroduction, declineIntroduction, recordOutcome } from "~/modules/introductions/workflow.server";
import { fieldError, parseForm, readForm, type FormErrors } from "~/utils/form";
import { pageTitle } from "~/utils/meta";
import { notFound, parseRouteId } from "~/utils/http";

export const handle: I18nHandle = {
  i18n: [
    // The contact's phone and handles, once accepted.
    ...CHANNEL_MESSAGES,
    "adminIntro",
    "companies.field.city",
    "companies.field.country",
    "companies.field.description",
    "companies.field.localName",
    "companies.field.sectors",
    "companies.status",
    "errors.intro",
    "intro.outcome",
    "intro.state",
    "intro.status",
    "mail.status",
    "matches",
    "matching.reason",
    "moderation.errors",
    "moderation.hide",
    "notifications",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "adminIntro.detail.pageTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const intro = getIntroductionForStaff({ introductionId: parseRouteId(params.introductionId) });
  const requester = intro?.requester;
  const target = intro?.target;
  if (!intro || !requester?.profile || !target?.profile) throw notFound();
  return { intro: { ...intro, requester: { ...requester, profile: requester.profile }, target: { ...target, profile: target.profile } } };
}

type ActionData = {
  intent: string;
  errors?: FormErrors;
  values?: Record<string, string>;
  /** Someone decided first (or the state moved on): what to say, and the state it is in now. */
  refusal?: RefusalMessage;
  current?: IntroductionStatus | null;
};

const DONE: Record<string, MessageKey> = {
  approved: "adminIntro.done.approved",
  declined: "adminIntro.done.declined",
  outcome: "adminIntro.done.outcome",
  started: "adminIntro.done.started",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const introductionId = parseRouteId(params.introductionId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const parsed = parseForm(staffIntroductionActionSchema, form);
  const { values } = parsed;
  if (!parsed.ok) return data<ActionData>({ intent, errors: parsed.errors, values }, { status: 400 });
  const input = parsed.data;
  const result =
    input.intent === "approve"
      ? approveIntroduction({ introductionId, staffUserId: user.id })
      : input.intent === "decline"
        ? declineIntroduction({ introductionId, staffUserId: user.id, reason: input.reason })
        : recordOutcome({ introductionId, userId: user.id, outcome: input.outcome, partnershipType: input.partnershipType, note: input.note });
  if (result.ok) {
    const done = input.intent === "approve" ? "approved" : input.intent === "decline" ? "declined" : "outcome";
    return redirect(`/admin/introductions/${introductionId}?done=${done}`);
  }
  if (result.reason === "not_found") throw notFound();
  if (result.reason === "partnership_type_required") {
    return data<ActionData>({ intent, errors: fieldError("partnershipType", "errors.intro.partnershipTypeRequired"), values }, { status: 400 });
  }
  return data<ActionData>({ intent, refusal: describeRefusal(result), current: "status" in result ? result.status : null }, { status: 409 });
}

export default function StaffIntroduction() {
  const { t, locale } = useI18n();
  const label = useTaxonomyLabel();
  const errorText = useErrorText();
  const { intro } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // After a refused decision the page may not have reloaded: the refusal carries the state now.
  const status = result?.current ?? intro.status;
  const errors = result?.errors;
  const fieldErr = (name: string) => errors?.fieldErrors[name]?.[0];
  const shownFields = ["reason", "outcome", "partnershipType", "note"];
  const topError = errors ? (errors.formErrors[0] ?? Object.entries(errors.fieldErrors).find(([k]) => !shownFields.includes(k))?.[1]?.[0]) : undefined;
  const refusal = result?.refusal;
  const staffStarted = intro.initiatedBy === "staff";
  const firms = [
    { side: "requester" as const, heading: t(staffStarted ? "adminIntro.firmA" : "adminIntro.requester"), firm: intro.requester },
    { side: "target" as const, heading: t(staffStarted ? "adminIntro.firmB" : "adminIntro.target"), firm: intro.target },
  ];
  const firmName = (companyId: number | null) =>
    companyId === intro.requester.id ? intro.requester.profile.name : companyId === intro.target.id ? intro.target.profile.name : null;
  const reasonErr = errorText(fieldErr("reason"));
  const requesterName = intro.requester.profile.name;
  const targetName = intro.target.profile.name;

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/introductions" className="link">
          {t("adminIntro.title")}
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold">{t("adminIntro.detail.title", { id: intro.id })}</h1>
        <p className="mt-1 text-slate-700">
          <FirmNameText firm={intro.requester.profile} />
          <span aria-hidden="true"> → </span>
          <span className="sr-only"> {t("adminIntro.to")} </span>
          <FirmNameText firm={intro.target.profile} />
        </p>
      </div>

      <QueryNotice name="done" keys={DONE} show={!result} />
      {refusal ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(refusal.key, { ...refusal.params, status: refusal.statusKey ? t(refusal.statusKey) : "" })}
        </p>
      ) : null}
      <FormError error={topError} />

      {intro.held ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t("adminIntro.detail.held", {
            name: joinList(
              locale,
              [intro.requester, intro.target].filter((f) => f.suspended).map((f) => f.profile.name),
              ", ",
            ),
          })}
        </p>
      ) : null}

      <section aria-labelledby="summary-heading" className="card space-y-3">
        <h2 id="summary-heading" className="text-lg font-semibold">
          {t("adminIntro.detail.summary")}
        </h2>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[14rem,1fr]">
          <Fact term={t("adminIntro.col.state")}>
            <IntroStatusBadge status={status} />
          </Fact>
          <Fact term={t("adminIntro.col.purpose")}>{label("partnershipType", intro.purpose)}</Fact>
          <Fact term={t("adminIntro.detail.startedBy")}>{t(staffStarted ? "adminIntro.startedByStaff" : "adminIntro.detail.memberRequest")}</Fact>
          <Fact term={t("adminIntro.col.created")}>{formatUtc(intro.createdAt)}</Fact>
          {intro.decidedAt ? (
            <Fact term={t(staffStarted ? "adminIntro.detail.startedByWhom" : "adminIntro.detail.decided")}>
              {t("adminIntro.detail.decidedBy", { name: intro.decidedBy?.name ?? "—", email: intro.decidedBy?.email ?? "—", time: formatUtc(intro.decidedAt) })}
            </Fact>
          ) : null}
          {status === "requested" || status === "approved" ? <Fact term={t("adminIntro.detail.expires")}>{formatUtc(intro.expiresAt)}</Fact> : null}
          {status === "approved" ? (
            <Fact term={t("adminIntro.detail.answers")}>
              <ul>
                {staffStarted ? (
                  <li>{t(intro.requesterAcceptedAt ? "adminIntro.detail.acceptedBy" : "adminIntro.detail.waitingFor", { name: requesterName })}</li>
                ) : null}
                <li>{t(intro.targetAcceptedAt ? "adminIntro.detail.acceptedBy" : "adminIntro.detail.waitingFor", { name: targetName })}</li>
              </ul>
            </Fact>
          ) : null}
          {intro.acceptedAt ? <Fact term={t("adminIntro.detail.acceptedAt")}>{formatUtc(intro.acceptedAt)}</Fact> : null}
          {intro.staffReason ? (
            <Fact term={t("adminIntro.detail.staffReason")}>
              <span className="whitespace-pre-line">{intro.staffReason}</span>
            </Fact>
          ) : null}
          {intro.declinedByCompanyId ? (
            <Fact term={t("adminIntro.detail.declinedByFirm", { name: firmName(intro.declinedByCompanyId) ?? "—" })}>
              <span className="whitespace-pre-line">{intro.declineNote ?? t("adminIntro.detail.noNote")}</span>
            </Fact>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="message-heading" className="card space-y-2">
        <h2 id="message-heading" className="text-lg font-semibold">
          {t("adminIntro.detail.message")}
        </h2>
        <p className="whitespace-pre-line" lang={langOfScript(intro.message)}>
          {intro.message}
        </p>
      </section>

      {status === "requested" ? (
        <section aria-labelledby="decide-heading" className="card space-y-4">
          <h2 id="decide-heading" className="text-lg font-semibold">
            {t("adminIntro.decide.title")}
          </h2>
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <p className="mb-2 text-sm text-slate-700">{t("adminIntro.decide.approveHint", { name: targetName })}</p>
            <button type="submit" className="btn">
              {t("adminIntro.decide.approve")}
            </button>
          </Form>
          <Form method="post" className="space-y-2" noValidate>
            <input type="hidden" name="intent" value="decline" />
            <label htmlFor="field-reason" className="block text-sm font-medium text-slate-800">
              {t("adminIntro.decide.reason")}
            </label>
            <textarea
              id="field-reason"
              name="reason"
              rows={4}
              maxLength={NOTE_MAX}
              required
              defaultValue={result?.values?.reason}
              className="input"
              aria-invalid={reasonErr ? true : undefined}
              aria-describedby={reasonErr ? "field-reason-hint field-reason-error" : "field-reason-hint"}
            />
            <p id="field-reason-hint" className="text-sm text-slate-600">
              {t("adminIntro.decide.reasonHint", { name: requesterName })}
            </p>
            {reasonErr ? (
              <p id="field-reason-error" className="text-sm font-medium text-red-700">
                {reasonErr}
              </p>
            ) : null}
            <button type="submit" className="btn-secondary">
              {t("adminIntro.decide.decline")}
            </button>
          </Form>
        </section>
      ) : null}

      {status === "accepted" ? (
        <OutcomeForm values={result?.intent === "outcome" ? result.values : undefined} errors={result?.intent === "outcome" ? errors : undefined} />
      ) : null}

      <section aria-labelledby="firms-heading" className="space-y-3">
        <h2 id="firms-heading" className="text-lg font-semibold">
          {t("adminIntro.detail.firms")}
        </h2>
        <div className="grid gap-4 lg:grid-cols-2">
          {firms.map(({ side, heading, firm }) => (
            <FirmProfile key={side} side={side} heading={heading} firm={firm} />
          ))}
        </div>
      </section>

      <MatchBothWays a={requesterName} b={targetName} forward={intro.match} reverse={intro.reverseMatch} />

      <section aria-labelledby="history-heading" className="card space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("adminIntro.history.title")}
        </h2>
        <ol className="space-y-2 text-sm">
          {intro.events.map((e) => {
            const firm = firmName(e.companyId);
            const who = e.actorName ?? t("adminIntro.history.system");
            return (
              <li key={e.id}>
                <span className="whitespace-nowrap text-slate-600">{formatUtc(e.createdAt)}</span> · <span className="font-medium">{who}</span>
                {e.actorRole && e.actorRole !== "member" ? (
                  <> {t("adminIntro.history.staffNote")}</>
                ) : firm ? (
                  <> {t("adminIntro.history.firm", { firm })}</>
                ) : null}{" "}
                · {t(EVENT_LABELS[e.kind] ?? STATUS_LABELS[e.toStatus])}
                {e.note ? <p className="whitespace-pre-line text-slate-700">{e.note}</p> : null}
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="outcomes-heading" className="card space-y-3">
        <h2 id="outcomes-heading" className="text-lg font-semibold">
          {t("adminIntro.outcomes.title")}
        </h2>
        {intro.outcomes.length ? (
          <ul className="space-y-2 text-sm">
            {intro.outcomes.map((o) => (
              <li key={o.id}>
                <span className="font-medium">{t(OUTCOME_LABELS[o.outcome])}</span>
                {o.partnershipType ? <> · {label("partnershipType", o.partnershipType)}</> : null} · {formatUtc(o.createdAt)} ·{" "}
                {t("adminIntro.outcomes.by", { name: o.recordedBy ?? "—", side: firmName(o.companyId) ?? t("adminIntro.history.staff") })}
                {o.note ? <p className="whitespace-pre-line text-slate-700">{o.note}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-700">{t("adminIntro.outcomes.none")}</p>
        )}
      </section>
    </div>
  );
}

const EVENT_LABELS: Record<string, MessageKey> = {
  requested: "adminIntro.event.requested",
  started_by_staff: "adminIntro.event.started_by_staff",
  approved: "adminIntro.event.approved",
  declined_by_staff: "adminIntro.event.declined_by_staff",
  accepted_by_one: "adminIntro.event.accepted_by_one",
  accepted: "adminIntro.event.accepted",
  declined_by_target: "adminIntro.event.declined_by_target",
  withdrawn: "adminIntro.event.withdrawn",
  expired: "adminIntro.event.expired",
};

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-700">{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

type StaffFirm = ReturnType<typeof useLoaderData<typeof loader>>["intro"]["requester"];

function FirmProfile({ side, heading, firm }: { side: string; heading: string; firm: StaffFirm }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const p = firm.profile;
  const codes = (kind: Parameters<typeof label>[0], list: readonly string[]) => (list.length ? <CodeList kind={kind} codes={list} /> : "—");
  return (
    <section aria-labelledby={`firm-${side}`} className="card space-y-3">
      <p className="text-sm font-medium uppercase tracking-wide text-slate-600">{heading}</p>
      <h3 id={`firm-${side}`} className="text-lg font-semibold">
        <Link to={`/admin/companies/${firm.id}`} className="link">
          <FirmNameText firm={p} />
        </Link>
      </h3>
      {!firm.visible || firm.suspended ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {t(firm.suspended ? "adminIntro.firm.suspended" : "adminIntro.firm.notListed")}
        </p>
      ) : null}
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem,1fr]">
        <Fact term={t("companies.field.localName")}>{p.localName ? <span lang={langOfScript(p.localName)}>{p.localName}</span> : "—"}</Fact>
        <Fact term={t("companies.field.country")}>{label("country", p.country)}</Fact>
        <Fact term={t("companies.field.city")}>{p.city ?? "—"}</Fact>
        <Fact term={t("companies.field.sectors")}>{codes("sector", p.sectors)}</Fact>
        <Fact term={t("matches.about.offers")}>{codes("capability", p.offers)}</Fact>
        <Fact term={t("matches.about.needs")}>{codes("capability", p.needs)}</Fact>
        <Fact term={t("matches.about.partnershipTypes")}>{codes("partnershipType", p.partnershipTypes)}</Fact>
        <Fact term={t("matches.about.targetMarkets")}>{codes("country", p.targetMarkets)}</Fact>
        <Fact term={t("companies.field.description")}>
          {p.description ? (
            <span className="whitespace-pre-line" lang={langOfScript(p.description)}>
              {p.description}
            </span>
          ) : (
            "—"
          )}
        </Fact>
        <Fact term={t("adminIntro.firm.contact")}>
          {firm.contact ? (
            <>
              {firm.contact.name} ·{" "}
              <a href={`mailto:${firm.contact.email}`} className="link break-all">
                {firm.contact.email}
              </a>
              <ContactChannels channels={firm.contact.channels} className="mt-1" />
            </>
          ) : (
            t("adminIntro.firm.noContact")
          )}
        </Fact>
      </dl>
    </section>
  );
}

function OutcomeForm({ values, errors }: { values?: Record<string, string>; errors?: FormErrors }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const errorText = useErrorText();
  const err = (name: string) => errorText(errors?.fieldErrors[name]?.[0]);
  const described = (name: string, hint?: boolean) => [hint && `field-${name}-hint`, err(name) && `field-${name}-error`].filter(Boolean).join(" ") || undefined;
  const errorOf = (name: string) =>
    err(name) ? (
      <p id={`field-${name}-error`} className="text-sm font-medium text-red-700">
        {err(name)}
      </p>
    ) : null;
  return (
    <section aria-labelledby="outcome-heading" className="card space-y-3">
      <h2 id="outcome-heading" className="text-lg font-semibold">
        {t("adminIntro.outcome.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("adminIntro.outcome.lead")}</p>
      <Form method="post" className="grid gap-4 sm:grid-cols-2" noValidate>
        <input type="hidden" name="intent" value="outcome" />
        <div className="space-y-1">
          <label htmlFor="field-outcome" className="block text-sm font-medium text-slate-800">
            {t("adminIntro.outcome.outcome")}
          </label>
          <select
            id="field-outcome"
            name="outcome"
            required
            defaultValue={values?.outcome ?? ""}
            className="input"
            aria-invalid={err("outcome") ? true : undefined}
            aria-describedby={described("outcome")}
          >
            <option value="">{t("adminIntro.outcome.choose")}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(OUTCOME_LABELS[o])}
              </option>
            ))}
          </select>
          {errorOf("outcome")}
        </div>
        <div className="space-y-1">
          <label htmlFor="field-partnershipType" className="block text-sm font-medium text-slate-800">
            {t("adminIntro.outcome.partnershipType")}
          </label>
          <select
            id="field-partnershipType"
            name="partnershipType"
            defaultValue={values?.partnershipType ?? ""}
            className="input"
            aria-invalid={err("partnershipType") ? true : undefined}
            aria-describedby={described("partnershipType", true)}
          >
            <option value="">{t("adminIntro.outcome.noType")}</option>
            {PARTNERSHIP_TYPES.map((p) => (
              <option key={p} value={p}>
                {label("partnershipType", p)}
              </option>
            ))}
          </select>
          <p id="field-partnershipType-hint" className="text-sm text-slate-600">
            {t("adminIntro.outcome.partnershipTypeHint")}
          </p>
          {errorOf("partnershipType")}
        </div>
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="field-note" className="block text-sm font-medium text-slate-800">
            {t("adminIntro.outcome.note")}
          </label>
          <textarea
            id="field-note"
            name="note"
            rows={3}
            maxLength={NOTE_MAX}
            defaultValue={values?.note}
            className="input"
            aria-invalid={err("note") ? true : undefined}
            aria-describedby={described("note")}
          />
          {errorOf("note")}
        </div>
        <div className="sm:col-span-2">
          <button type="submit" className="btn">
            {t("adminIntro.outcome.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
