import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useErrorText, useFieldErrorText } from "~/components/field";
import { QueryNotice } from "~/components/notice";
import { requireStaff } from "~/modules/auth/guards.server";
import { approveProfile, rejectProfile, restoreCompany, suspendCompany } from "~/modules/companies/moderation.server";
import { withReadableChannels } from "~/modules/companies/channels.server";
import { getCompanyForStaff } from "~/modules/companies/staff-views.server";
import { inviteClaim } from "~/modules/companies/invitations.server";
import { LIMITS } from "~/modules/companies/limits";
import { fieldIssues, reviewFormSchema } from "~/modules/companies/schemas";
import { CodeList, langOfScript, REVIEW_REFUSALS, StatusBadge, useTaxonomyLabel } from "~/modules/companies/ui";
import { isSupportedLocale } from "~/modules/i18n/locales.server";
import { type I18nHandle, joinList, type MessageKey, refusalKey, useI18n } from "~/modules/i18n/i18n";
import { CHANNEL_LABELS, CHANNEL_ORDER } from "~/modules/companies/contact-ui";
import { listIntroductionsForStaff } from "~/modules/introductions/introductions.server";
import { IntroductionTable } from "~/modules/introductions/staff-ui";
import { pageTitle } from "~/utils/meta";
import { formError, parseForm, readForm } from "~/utils/form";
import { notFound, parseRouteId } from "~/utils/http";

export const handle: I18nHandle = {
  i18n: [
    "adminIntro.age",
    "adminIntro.col",
    "adminIntro.company",
    "adminIntro.match",
    "adminIntro.startedByStaff",
    "adminIntro.to",
    "companies.edit",
    "companies.field",
    "companies.their",
    "companies.state.reason",
    "companies.status",
    "companies.team.member",
    "companies.team.owner",
    "errors",
    "intro.outcome",
    "intro.state",
    "intro.status",
    "mail.status",
    "matches",
    "matching.admin.companyMatches",
    "matching.reason",
    "moderation.errors",
    "moderation.hide",
    "notifications",
    "reviews.title",
    "staffCompanies.title",
    "staffCompany",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "staffCompany.title");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const company = getCompanyForStaff({ companyId: parseRouteId(params.companyId) });
  if (!company) throw notFound();
  // Staff read numbers in international format; what changed is judged on the stored values.
  const readable = { ...company, profile: withReadableChannels(company.profile), listing: company.listing && withReadableChannels(company.listing) };
  return { company: readable, introductions: listIntroductionsForStaff({ companyId: company.id }) };
}

const DONE: Record<string, MessageKey> = {
  approved: "staffCompany.done.approved",
  rejected: "staffCompany.done.rejected",
  suspended: "staffCompany.done.suspended",
  restored: "staffCompany.done.restored",
  invited: "staffCompany.done.invited",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const companyId = parseRouteId(params.companyId);
  const form = await readForm(request);
  const parsed = parseForm(reviewFormSchema, form, { issues: fieldIssues });
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const staffUserId = user.id;
  const back = (done: string) => redirect(`${safeReturn(form.get("returnTo")) ?? `/admin/companies/${companyId}`}?done=${done}`);
  switch (input.intent) {
    case "approve":
    case "reject": {
      const result = input.intent === "approve" ? approveProfile({ companyId, staffUserId }) : rejectProfile({ companyId, staffUserId, reason: input.reason });
      if (!result.ok) return outcome(result.reason);
      return back(input.intent === "approve" ? "approved" : "rejected");
    }
    case "suspend": {
      const result = suspendCompany({ companyId, staffUserId });
      return result.ok ? back("suspended") : outcome(result.reason);
    }
    case "restore": {
      const result = restoreCompany({ companyId, staffUserId });
      return result.ok ? back("restored") : outcome(result.reason);
    }
    case "invite": {
      const locale = isSupportedLocale(input.locale) ? input.locale : "en";
      const result = inviteClaim({ companyId, staffUserId, email: input.email, locale });
      return result.ok ? back("invited") : outcome(result.reason);
    }
  }
}

/** Where a form on another staff page (the companies list) wants to return to. */
function safeReturn(value: FormDataEntryValue | null) {
  return typeof value === "string" && /^\/admin\/companies(\?[^/\\]*)?$/.test(value) ? value.split("?")[0] : null;
}

function outcome(reason: string) {
  if (reason === "not_found") throw notFound();
  return data({ errors: formError(refusalKey(REVIEW_REFUSALS, reason)), values: {} }, { status: 409 });
}

export default function StaffCompany() {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const errorText = useErrorText();
  const fieldErrorText = useFieldErrorText();
  const { company: c, introductions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const p = c.profile;
  const changed = new Set<string>(c.changedFields);
  const status = c.suspended ? "suspended" : c.status;
  const reasonError = fieldErrorText(result?.errors, "reason");
  const emailError = fieldErrorText(result?.errors, "email");
  const formProblem = errorText(result?.errors.formErrors[0]);

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/admin/reviews" className="link">
            {t("reviews.title")}
          </Link>{" "}
          ·{" "}
          <Link to="/admin/companies" className="link">
            {t("staffCompanies.title")}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">
          {p.name}
          {p.localName ? (
            <span lang={langOfScript(p.localName)} className="ml-2 text-lg font-normal text-slate-700">
              {p.localName}
            </span>
          ) : null}
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <StatusBadge status={status} />
          <span>{t("staffCompany.externalId", { id: c.externalId })}</span>
          {c.visible ? (
            <Link to={`/companies/${c.id}`} className="link">
              {t("companies.edit.viewListing")}
            </Link>
          ) : null}
          {c.visible ? (
            <Link to={`/admin/matches/${c.id}`} className="link">
              {t("matching.admin.companyMatches")}
            </Link>
          ) : null}
        </p>
      </div>

      <QueryNotice name="done" keys={DONE} show={!result} />
      {formProblem ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {formProblem}
        </p>
      ) : null}
      {c.listing ? <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">{t("staffCompany.changeNote")}</p> : null}
      {c.status === "rejected" && c.rejectionReason ? (
        <div className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">{t("companies.state.reason")}</p>
          <p className="whitespace-pre-line">{c.rejectionReason}</p>
        </div>
      ) : null}

      <section aria-labelledby="profile-heading" className="card">
        <h2 id="profile-heading" className="text-lg font-semibold">
          {t("staffCompany.profile")}
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-3 sm:grid-cols-[auto,1fr]">
          <Row term={t("companies.field.name")} changed={changed.has("name")} before={c.listing?.name}>
            {p.name}
          </Row>
          <Row term={t("companies.field.localName")} changed={changed.has("localName")} before={c.listing?.localName}>
            <span lang={langOfScript(p.localName)}>{p.localName}</span>
          </Row>
          <Row term={t("companies.field.country")} changed={changed.has("country")} before={c.listing ? label("country", c.listing.country) : undefined}>
            {label("country", p.country)}
          </Row>
          <Row term={t("companies.field.city")} changed={changed.has("city")}>
            {p.city}
          </Row>
          <Row term={t("companies.field.website")} changed={changed.has("website")}>
            {p.website}
          </Row>
          <Row term={t("companies.field.foundedYear")} changed={changed.has("foundedYear")}>
            {p.foundedYear}
          </Row>
          <Row term={t("companies.field.size")} changed={changed.has("size")}>
            {p.size ? label("size", p.size) : null}
          </Row>
          <CodesRow term={t("companies.their.languages")} kind="language" codes={p.languages} changed={changed.has("languages")} />
          <CodesRow term={t("companies.field.sectors")} kind="sector" codes={p.sectors} changed={changed.has("sectors")} />
          <CodesRow term={t("companies.their.offers")} kind="capability" codes={p.offers} changed={changed.has("offers")} before={c.listing?.offers} />
          <CodesRow term={t("companies.their.needs")} kind="capability" codes={p.needs} changed={changed.has("needs")} before={c.listing?.needs} />
          <CodesRow term={t("companies.their.partnershipTypes")} kind="partnershipType" codes={p.partnershipTypes} changed={changed.has("partnershipTypes")} />
          <CodesRow term={t("companies.field.targetMarkets")} kind="country" codes={p.targetMarkets} changed={changed.has("targetMarkets")} />
          <Row term={t("companies.field.description")} changed={changed.has("description")}>
            <span className="whitespace-pre-line">{p.description}</span>
          </Row>
          <Row term={t("companies.field.contactName")} changed={changed.has("contactName")}>
            {p.contactName}
          </Row>
          <Row term={t("companies.field.contactEmail")} changed={changed.has("contactEmail")}>
            {p.contactEmail}
          </Row>
          {CHANNEL_ORDER.map((field) => (
            <Row key={field} term={t(CHANNEL_LABELS[field])} changed={changed.has(field)} before={c.listing ? c.listing[field] : undefined}>
              {p[field]}
            </Row>
          ))}
        </dl>
      </section>

      {c.status === "pending" ? (
        <section aria-labelledby="decide-heading" className="card space-y-4">
          <h2 id="decide-heading" className="text-lg font-semibold">
            {t("staffCompany.decide")}
          </h2>
          <Form method="post">
            <button type="submit" name="intent" value="approve" className="btn">
              {t("staffCompany.approve")}
            </button>
          </Form>
          <Form method="post" className="space-y-2" noValidate>
            <input type="hidden" name="intent" value="reject" />
            <label htmlFor="field-reason" className="block text-sm font-medium text-slate-800">
              {t("staffCompany.reason")}
            </label>
            <textarea
              id="field-reason"
              name="reason"
              rows={4}
              maxLength={LIMITS.reason}
              required
              className="input"
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? "field-reason-hint field-reason-error" : "field-reason-hint"}
            />
            <p id="field-reason-hint" className="text-sm text-slate-600">
              {t("staffCompany.reason.hint")}
            </p>
            {reasonError ? (
              <p id="field-reason-error" className="text-sm font-medium text-red-700">
                {reasonError}
              </p>
            ) : null}
            <button type="submit" className="btn-secondary">
              {t("staffCompany.reject")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="members-heading" className="card space-y-3">
        <h2 id="members-heading" className="text-lg font-semibold">
          {t("staffCompany.members")}
        </h2>
        {c.members.length ? (
          <ul className="list-inside list-disc text-sm">
            {c.members.map((m) => (
              <li key={m.userId}>
                {m.name} · {m.email} · {t(m.role === "owner" ? "companies.team.owner" : "companies.team.member")}
              </li>
            ))}
          </ul>
        ) : (
          <>
            <p className="text-sm text-slate-700">{t("staffCompany.noMembers")}</p>
            <Form method="post" className="grid gap-3 sm:grid-cols-[1fr,auto,auto] sm:items-end" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <div className="space-y-1">
                <label htmlFor="field-invite-email" className="block text-sm font-medium text-slate-800">
                  {t("staffCompany.claimEmail")}
                </label>
                <input
                  id="field-invite-email"
                  name="email"
                  type="email"
                  defaultValue={p.contactEmail ?? ""}
                  className="input"
                  aria-invalid={emailError ? true : undefined}
                  aria-describedby={emailError ? "field-invite-email-error" : undefined}
                />
                {emailError ? (
                  <p id="field-invite-email-error" className="text-sm font-medium text-red-700">
                    {emailError}
                  </p>
                ) : null}
              </div>
              <div className="space-y-1">
                <label htmlFor="field-invite-locale" className="block text-sm font-medium text-slate-800">
                  {t("staffCompany.claimLanguage")}
                </label>
                <LocaleSelect defaultValue={p.country === "CN" || p.country === "SG" ? "zh" : "en"} />
              </div>
              <button type="submit" className="btn">
                {t("staffCompany.claimSend")}
              </button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="standing-heading" className="card space-y-3">
        <h2 id="standing-heading" className="text-lg font-semibold">
          {t("staffCompany.standing")}
        </h2>
        <p className="text-sm text-slate-700">{t(c.suspended ? "staffCompany.suspendedNote" : "staffCompany.suspendNote")}</p>
        <Form method="post">
          <button type="submit" name="intent" value={c.suspended ? "restore" : "suspend"} className="btn-secondary">
            {t(c.suspended ? "staffCompany.restore" : "staffCompany.suspend")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="introductions-heading" className="space-y-3">
        <h2 id="introductions-heading" className="text-lg font-semibold">
          {t("adminIntro.company.title", { count: introductions.total })}
        </h2>
        {introductions.introductions.length ? (
          <IntroductionTable rows={introductions.introductions} caption={t("adminIntro.company.caption", { name: p.name })} />
        ) : (
          <p className="text-sm text-slate-700">{t("adminIntro.company.none")}</p>
        )}
        {introductions.total > introductions.introductions.length ? (
          <p className="text-sm">
            <Link to={`/admin/introductions?companyId=${c.id}`} className="link">
              {t("adminIntro.company.all", { count: introductions.total })}
            </Link>
          </p>
        ) : null}
      </section>

      {c.reviews.length ? (
        <section aria-labelledby="history-heading" className="card space-y-2">
          <h2 id="history-heading" className="text-lg font-semibold">
            {t("staffCompany.history")}
          </h2>
          <ul className="space-y-2 text-sm">
            {c.reviews.map((r, i) => (
              <li key={i}>
                <span className="font-medium">{t(r.decision === "approved" ? "companies.status.approved" : "companies.status.rejected")}</span> ·{" "}
                {new Date(r.createdAt * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC · {r.staffName ?? "—"}
                {r.reason ? <p className="whitespace-pre-line text-slate-700">{r.reason}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function LocaleSelect({ defaultValue }: { defaultValue: string }) {
  const { locales } = useI18n();
  return (
    <select id="field-invite-locale" name="locale" defaultValue={defaultValue} className="input">
      {locales.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.name}
        </option>
      ))}
    </select>
  );
}

function Row({ term, changed, before, children }: { term: string; changed?: boolean; before?: string | null; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <dt className="font-medium text-slate-700">
        {term}
        {changed ? <span className="ml-2 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900">{t("staffCompany.changed")}</span> : null}
      </dt>
      <dd>
        {children ?? "—"}
        {changed && before !== undefined ? <p className="text-sm text-slate-600">{t("staffCompany.before", { value: before ?? "—" })}</p> : null}
      </dd>
    </>
  );
}

function CodesRow({
  term,
  kind,
  codes,
  changed,
  before,
}: {
  term: string;
  kind: Parameters<ReturnType<typeof useTaxonomyLabel>>[0];
  codes: readonly string[];
  changed?: boolean;
  before?: readonly string[];
}) {
  const label = useTaxonomyLabel();
  const { locale } = useI18n();
  return (
    <Row
      term={term}
      changed={changed}
      before={
        before
          ? joinList(
              locale,
              before.map((c) => label(kind, c)),
            )
          : undefined
      }
    >
      {codes.length ? <CodeList kind={kind} codes={codes} /> : null}
    </Row>
  );
}
