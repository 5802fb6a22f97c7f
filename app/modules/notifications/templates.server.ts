// Every e-mail's words, in the recipient's language, as HTML and plain text. The words live in
// the locale files (keys "email.*"); this file only arranges them in the product's look.
import type { TFunction } from "~/modules/i18n/i18n";
import { getT } from "~/modules/i18n/locales.server";
import { oneLine } from "~/utils/text";
import { CATEGORY_LABELS, type EmailCategory } from "./labels";
import { absoluteUrl } from "./mail-config.server";

export type { EmailCategory };

/**
 * Words a feature hands a template in its own vocabulary (a country, a partnership type, the
 * reasons of a match): the template asks for them in the recipient's language. Notifications
 * knows no feature's codes.
 */
export type InReaderLanguage<T = string> = (t: TFunction, locale: string) => T;

/** One match in a new-matches e-mail: the partner's public name and country, score and reasons. */
export type NewMatchItem = {
  partnerId: number;
  name: string;
  localName: string | null;
  country: InReaderLanguage;
  score: number;
  reasons: InReaderLanguage<string[]>;
};

type Content = {
  subject: string;
  paragraphs: string[];
  /** A list of things with a link each (the matches of a digest). */
  items?: { title: string; lines: string[]; link: { label: string; url: string } }[];
  action?: { label: string; url: string };
  after?: string[];
};

type Ctx<P> = { t: TFunction; p: P; url: (pathAndQuery: string) => string; now: string; locale: string };

type Template<P> = {
  /** Params that are one-time secrets: they are blanked out of the stored copy once sent. */
  secretParams?: (keyof P & string)[];
  render: (ctx: Ctx<P>) => Content;
};

const define = <P>(template: Template<P>) => template;

const TEMPLATES = {
  // `next`: where the page sends the new member on (an invitation they signed up from), as a
  // query value already encoded; secret too, for an invitation's link carries its token.
  verify_email: define<{ name: string; email: string; token: string; days: number; next?: string }>({
    secretParams: ["token", "next"],
    render: ({ t, p, url }) => ({
      subject: t("email.verify.subject"),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.verify.intro", { email: p.email })],
      action: { label: t("email.verify.action"), url: url(`/verify-email?token=${p.token}${p.next ? `&redirectTo=${p.next}` : ""}`) },
      after: [t("email.verify.expiry", { days: p.days })],
    }),
  }),
  confirm_new_email: define<{ name: string; email: string; token: string; days: number }>({
    secretParams: ["token"],
    render: ({ t, p, url }) => ({
      subject: t("email.confirmNew.subject"),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.confirmNew.intro", { email: p.email })],
      action: { label: t("email.confirmNew.action"), url: url(`/verify-email?token=${p.token}`) },
      after: [t("email.confirmNew.expiry", { days: p.days })],
    }),
  }),
  password_reset: define<{ name: string; email: string; token: string; minutes: number }>({
    secretParams: ["token"],
    render: ({ t, p, url }) => ({
      subject: t("email.reset.subject"),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.reset.intro", { email: p.email })],
      action: { label: t("email.reset.action"), url: url(`/reset-password?token=${p.token}`) },
      after: [t("email.reset.expiry", { minutes: p.minutes })],
    }),
  }),
  password_changed: define<{ name: string; email: string }>({
    render: ({ t, p, url, now }) => ({
      subject: t("email.passwordChanged.subject"),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.passwordChanged.intro", { email: p.email, time: now })],
      action: { label: t("email.passwordChanged.action"), url: url("/forgot-password") },
      after: [t("email.passwordChanged.notYou")],
    }),
  }),
  email_changed: define<{ name: string; oldEmail: string; newEmail: string }>({
    render: ({ t, p, now }) => ({
      subject: t("email.emailChanged.subject"),
      paragraphs: [
        t("email.greeting", { name: p.name }),
        t("email.emailChanged.intro", { oldEmail: p.oldEmail, newEmail: p.newEmail, time: now }),
        t("email.emailChanged.notYou"),
      ],
    }),
  }),
  // ---- sign-in and account protection (issue 13) ----
  login_link: define<{ name: string; email: string; token: string; minutes: number; attack: boolean }>({
    secretParams: ["token"],
    render: ({ t, p, url }) => ({
      subject: t("email.loginLink.subject"),
      paragraphs: [t("email.greeting", { name: p.name }), t(p.attack ? "email.loginLink.attack" : "email.loginLink.intro", { email: p.email })],
      action: { label: t("email.loginLink.action"), url: url(`/login/link?token=${p.token}`) },
      after: [t("email.loginLink.expiry", { minutes: p.minutes }), t("email.loginLink.notYou")],
    }),
  }),
  signup_attempt: define<{ name: string; email: string }>({
    render: ({ t, p, url, now }) => ({
      subject: t("email.signupAttempt.subject"),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.signupAttempt.intro", { email: p.email, time: now }), t("email.signupAttempt.ifYou")],
      action: { label: t("email.signupAttempt.action"), url: url("/login") },
      after: [t("email.signupAttempt.reset"), t("email.signupAttempt.notYou")],
    }),
  }),
  email_change_attempt: define<{ name: string; email: string }>({
    render: ({ t, p, url, now }) => ({
      subject: t("email.emailChangeAttempt.subject"),
      paragraphs: [
        t("email.greeting", { name: p.name }),
        t("email.emailChangeAttempt.intro", { email: p.email, time: now }),
        t("email.emailChangeAttempt.ifYou"),
      ],
      action: { label: t("email.signupAttempt.action"), url: url("/login") },
      after: [t("email.signupAttempt.notYou")],
    }),
  }),
  test_message: define<{ name: string; senderName: string }>({
    render: ({ t, p, url, now }) => ({
      subject: t("email.test.subject"),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.test.intro", { sender: p.senderName, time: now })],
      action: { label: t("email.test.action"), url: url("/admin/mail") },
    }),
  }),
  // ---- companies (issue 4) ----
  company_approved: define<{ name: string; companyName: string; companyId: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.companyApproved.subject", { company: p.companyName }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.companyApproved.intro", { company: p.companyName })],
      action: { label: t("email.companyApproved.action"), url: url(`/companies/${p.companyId}`) },
    }),
  }),
  company_rejected: define<{ name: string; companyName: string; companyId: number; reason: string }>({
    render: ({ t, p, url }) => ({
      subject: t("email.companyRejected.subject", { company: p.companyName }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.companyRejected.intro", { company: p.companyName }), p.reason],
      action: { label: t("email.companyRejected.action"), url: url(`/companies/${p.companyId}/edit`) },
    }),
  }),
  company_claim: define<{ name: string; companyName: string; email: string; token: string; days: number }>({
    secretParams: ["token"],
    render: ({ t, p, url }) => ({
      subject: t("email.companyClaim.subject", { company: p.companyName }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.companyClaim.intro", { company: p.companyName, email: p.email })],
      action: { label: t("email.companyClaim.action"), url: url(`/invite?token=${p.token}`) },
      after: [t("email.companyInvite.expiry", { days: p.days, email: p.email })],
    }),
  }),
  company_colleague: define<{ inviterName: string; companyName: string; email: string; token: string; days: number }>({
    secretParams: ["token"],
    render: ({ t, p, url }) => ({
      subject: t("email.companyColleague.subject", { inviter: p.inviterName, company: p.companyName }),
      paragraphs: [t("email.companyColleague.intro", { inviter: p.inviterName, company: p.companyName })],
      action: { label: t("email.companyColleague.action"), url: url(`/invite?token=${p.token}`) },
      after: [t("email.companyInvite.expiry", { days: p.days, email: p.email })],
    }),
  }),
  new_matches: define<{ name: string; companyName: string; frequency: "immediately" | "daily" | "weekly"; matches: NewMatchItem[] }>({
    render: ({ t, p, url, locale }) => ({
      subject: t(p.frequency === "immediately" ? "email.newMatches.subject" : "email.newMatches.digestSubject", { count: p.matches.length }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.newMatches.intro", { company: p.companyName, count: p.matches.length })],
      items: p.matches.map((m) => ({
        title: t("email.newMatches.item", {
          name: m.localName ? t("email.newMatches.localName", { name: m.name, localName: m.localName }) : m.name,
          country: m.country(t, locale),
          score: m.score,
        }),
        lines: m.reasons(t, locale),
        link: { label: t("email.newMatches.open"), url: url(`/matches/${m.partnerId}`) },
      })),
      action: { label: t("email.newMatches.action"), url: url("/matches") },
      after: [
        t(
          p.frequency === "immediately"
            ? "email.newMatches.why.immediately"
            : p.frequency === "daily"
              ? "email.newMatches.why.daily"
              : "email.newMatches.why.weekly",
        ),
      ],
    }),
  }),
  // ---- introductions (issue 6) ----
  intro_staff_new_request: define<{ name: string; requester: string; target: string; purpose: InReaderLanguage; introductionId: number }>({
    render: ({ t, p, url, locale }) => ({
      subject: t("email.intro.staffNew.subject", { requester: p.requester, target: p.target }),
      paragraphs: [
        t("email.greeting", { name: p.name }),
        t("email.intro.staffNew.intro", { requester: p.requester, target: p.target, purpose: p.purpose(t, locale) }),
      ],
      action: { label: t("email.intro.staffNew.action"), url: url(`/admin/introductions/${p.introductionId}`) },
    }),
  }),
  intro_staff_digest: define<{ name: string; requests: { introductionId: number; requester: string; target: string; purpose: InReaderLanguage }[] }>({
    render: ({ t, p, url, locale }) => ({
      subject: t("email.intro.staffDigest.subject", { count: p.requests.length }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.staffDigest.intro", { count: p.requests.length })],
      items: p.requests.map((r) => ({
        title: t("email.intro.staffDigest.item", { requester: r.requester, target: r.target }),
        lines: [t("email.intro.purpose", { purpose: r.purpose(t, locale) })],
        link: { label: t("email.intro.staffNew.action"), url: url(`/admin/introductions/${r.introductionId}`) },
      })),
      action: { label: t("email.intro.staffDigest.action"), url: url("/admin/introductions") },
    }),
  }),
  intro_staff_expiring: define<{ name: string; requester: string; target: string; introductionId: number; days: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.staffExpiring.subject", { requester: p.requester, target: p.target, days: p.days }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.staffExpiring.intro", { requester: p.requester, target: p.target, days: p.days })],
      action: { label: t("email.intro.staffNew.action"), url: url(`/admin/introductions/${p.introductionId}`) },
    }),
  }),
  intro_for_you: define<{ name: string; requester: string; purpose: InReaderLanguage; message: string; introductionId: number; days: number }>({
    render: ({ t, p, url, locale }) => ({
      subject: t("email.intro.forYou.subject", { requester: p.requester }),
      paragraphs: [
        t("email.greeting", { name: p.name }),
        t("email.intro.forYou.intro", { requester: p.requester }),
        p.message,
        t("email.intro.purpose", { purpose: p.purpose(t, locale) }),
      ],
      action: { label: t("email.intro.forYou.action"), url: url(`/introductions/${p.introductionId}`) },
      after: [t("email.intro.forYou.after", { days: p.days })],
    }),
  }),
  intro_suggested: define<{ name: string; partner: string; purpose: InReaderLanguage; message: string; introductionId: number; days: number }>({
    render: ({ t, p, url, locale }) => ({
      subject: t("email.intro.suggested.subject", { partner: p.partner }),
      paragraphs: [
        t("email.greeting", { name: p.name }),
        t("email.intro.suggested.intro", { partner: p.partner }),
        p.message,
        t("email.intro.purpose", { purpose: p.purpose(t, locale) }),
      ],
      action: { label: t("email.intro.forYou.action"), url: url(`/introductions/${p.introductionId}`) },
      after: [t("email.intro.suggested.after", { days: p.days })],
    }),
  }),
  intro_approved: define<{ name: string; partner: string; introductionId: number; days: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.approved.subject", { partner: p.partner }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.approved.intro", { partner: p.partner, days: p.days })],
      action: { label: t("email.intro.open"), url: url(`/introductions/${p.introductionId}`) },
    }),
  }),
  intro_declined_by_staff: define<{ name: string; partner: string; reason: string; introductionId: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.declinedByStaff.subject", { partner: p.partner }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.declinedByStaff.intro", { partner: p.partner }), p.reason],
      action: { label: t("email.intro.open"), url: url(`/introductions/${p.introductionId}`) },
    }),
  }),
  intro_declined_by_firm: define<{ name: string; partner: string; introductionId: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.declinedByFirm.subject", { partner: p.partner }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.declinedByFirm.intro", { partner: p.partner })],
      action: { label: t("email.intro.declinedByFirm.action"), url: url("/matches") },
    }),
  }),
  // contactPhone: in international format, "" when the firm gave none (and in mails queued before issue 16).
  intro_accepted: define<{ name: string; partner: string; contactName: string; contactEmail: string; contactPhone?: string; introductionId: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.accepted.subject", { partner: p.partner }),
      paragraphs: [
        t("email.greeting", { name: p.name }),
        t("email.intro.accepted.intro", { partner: p.partner }),
        t("email.intro.accepted.contact", { contactName: p.contactName, contactEmail: p.contactEmail }),
        ...(p.contactPhone ? [t("email.intro.accepted.phone", { phone: p.contactPhone })] : []),
      ],
      action: { label: t("email.intro.open"), url: url(`/introductions/${p.introductionId}`) },
      after: [t("email.intro.accepted.after")],
    }),
  }),
  intro_withdrawn: define<{ name: string; partner: string; introductionId: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.withdrawn.subject", { partner: p.partner }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.withdrawn.intro", { partner: p.partner })],
      action: { label: t("email.intro.open"), url: url(`/introductions/${p.introductionId}`) },
    }),
  }),
  intro_expired: define<{ name: string; partner: string; introductionId: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.expired.subject", { partner: p.partner }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.expired.intro", { partner: p.partner })],
      action: { label: t("email.intro.open"), url: url(`/introductions/${p.introductionId}`) },
    }),
  }),
  intro_expiry_reminder: define<{ name: string; partner: string; introductionId: number; days: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.expiryReminder.subject", { partner: p.partner, days: p.days }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.expiryReminder.intro", { partner: p.partner, days: p.days })],
      action: { label: t("email.intro.expiryReminder.action"), url: url(`/introductions/${p.introductionId}`) },
    }),
  }),
  intro_outcome_reminder: define<{ name: string; partner: string; introductionId: number }>({
    render: ({ t, p, url }) => ({
      subject: t("email.intro.outcome.subject", { partner: p.partner }),
      paragraphs: [t("email.greeting", { name: p.name }), t("email.intro.outcome.intro", { partner: p.partner })],
      action: { label: t("email.intro.outcome.action"), url: url(`/introductions/${p.introductionId}#outcome`) },
    }),
  }),
};

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateParams<N extends TemplateName> = (typeof TEMPLATES)[N] extends Template<infer P> ? P : never;

type RenderedEmail = { subject: string; text: string; html: string; secrets: string[] };

/**
 * One message in one language. `unsubscribeUrl` is given for every non-essential category; the
 * footer then says how to stop that category.
 */
export function renderEmail<N extends TemplateName>(input: {
  template: N;
  params: TemplateParams<N>;
  locale: string;
  category: EmailCategory;
  unsubscribeUrl?: string;
}): RenderedEmail {
  const t = getT(input.locale);
  const template = TEMPLATES[input.template] as Template<TemplateParams<N>>;
  const now = `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const content = template.render({ t, p: singleLineParams(input.params), url: absoluteUrl, now, locale: input.locale });
  const footer = footerLines(t, input.category, input.unsubscribeUrl);
  const secrets = (template.secretParams ?? []).filter((name) => input.params[name] !== undefined).map((name) => String(input.params[name]));
  return {
    // A subject is one header line: nothing interpolated into it can start another header.
    subject: oneLine(content.subject),
    text: renderText(t, content, footer),
    html: renderHtml(input.locale, content, footer, t),
    secrets,
  };
}

// Params written by people over several lines on purpose: an introduction's message, a reason.
const MULTILINE_PARAMS = new Set(["message", "reason"]);

/**
 * The params with every other text (names of people and firms, addresses) made one line.
 * Names are refused with line breaks at every input; this is defence in depth for anything
 * stored before that, so that no value can add lines to a subject or fake lines to the text.
 */
function singleLineParams<P>(params: P): P {
  const clean = (value: unknown, key: string): unknown => {
    if (typeof value === "string") return MULTILINE_PARAMS.has(key) ? value : oneLine(value);
    if (Array.isArray(value)) return value.map((v) => clean(v, key));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, k)]));
    return value;
  };
  return clean(params, "") as P;
}

type FooterLine = { text: string; link?: { label: string; url: string } };

function footerLines(t: TFunction, category: EmailCategory, unsubscribeUrl: string | undefined): FooterLine[] {
  if (category === "account") return [{ text: t("email.footer.account") }];
  const lines: FooterLine[] = [{ text: t("email.footer.optional", { category: t(CATEGORY_LABELS[category].name) }) }];
  if (unsubscribeUrl) lines.push({ text: "", link: { label: t("email.footer.unsubscribe"), url: unsubscribeUrl } });
  lines.push({ text: "", link: { label: t("email.footer.preferences"), url: absoluteUrl("/account/notifications") } });
  return lines;
}

function renderText(t: TFunction, content: Content, footer: FooterLine[]): string {
  const blocks = [...content.paragraphs];
  for (const item of content.items ?? []) {
    blocks.push([item.title, ...item.lines.map((l) => `- ${l}`), t("email.text.link", { label: item.link.label, url: item.link.url })].join("\n"));
  }
  if (content.action) blocks.push(`${t("email.text.action", { label: content.action.label })}\n${content.action.url}`);
  blocks.push(...(content.after ?? []));
  const foot = footer.map((l) => (l.link ? t("email.text.link", { label: l.link.label, url: l.link.url }) : l.text)).join("\n");
  return `${blocks.join("\n\n")}\n\n-- \n${foot}\n`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function renderItem(item: NonNullable<Content["items"]>[number]): string {
  return (
    `<div style="margin:0 0 20px;padding:12px 16px;border:1px solid #e2e8f0;border-radius:6px">` +
    `<p style="margin:0 0 8px;font-size:16px;line-height:24px;font-weight:600;color:#0f172a">${esc(item.title)}</p>` +
    `<ul style="margin:0 0 8px;padding-left:20px;font-size:14px;line-height:22px;color:#334155">${item.lines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>` +
    `<a href="${esc(item.link.url)}" style="font-size:14px;color:#115e59">${esc(item.link.label)}</a></div>`
  );
}

// Tables and inline styles: what mail clients render alike. Colours are the site's (teal-800 etc.).
function renderHtml(locale: string, content: Content, footer: FooterLine[], t: TFunction): string {
  const p = (s: string) => `<p style="margin:0 0 16px;font-size:16px;line-height:24px;color:#0f172a">${esc(s)}</p>`;
  const small = (s: string) => `<p style="margin:0 0 8px;font-size:13px;line-height:20px;color:#475569">${s}</p>`;
  const action = content.action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px"><tr><td style="border-radius:6px;background:#115e59">` +
      `<a href="${esc(content.action.url)}" style="display:inline-block;padding:12px 20px;font-size:16px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px">${esc(content.action.label)}</a>` +
      `</td></tr></table>` +
      small(`${esc(t("email.linkFallback"))}<br><a href="${esc(content.action.url)}" style="color:#115e59;word-break:break-all">${esc(content.action.url)}</a>`)
    : "";
  const foot = footer.map((l) => small(l.link ? `<a href="${esc(l.link.url)}" style="color:#115e59">${esc(l.link.label)}</a>` : esc(l.text))).join("");
  return `<!doctype html>
<html lang="${esc(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f8fafc;font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei',sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f8fafc"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px">
<tr><td style="padding:0 0 16px;font-size:20px;font-weight:700;color:#134e4a"><span style="display:inline-block;width:20px;height:20px;border-radius:4px;background:#115e59;vertical-align:-3px"></span>&nbsp;${esc(t("brand.name"))}</td></tr>
<tr><td style="background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:32px">
<h1 style="margin:0 0 24px;font-size:22px;line-height:30px;color:#0f172a">${esc(content.subject)}</h1>
${content.paragraphs.map(p).join("\n")}
${(content.items ?? []).map(renderItem).join("\n")}
${action}
${(content.after ?? []).map(p).join("\n")}
</td></tr>
<tr><td style="padding:16px 8px">${foot}${small(esc(t("email.footer.council")))}</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
}
