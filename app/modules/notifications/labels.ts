// Names of categories and statuses as translation keys: for pages and e-mails alike.
import type { EMAIL_CATEGORIES } from "../../../db/schema";
import type { MessageKey } from "~/modules/i18n/i18n";

export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];
export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "skipped"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const CATEGORY_LABELS: Record<EmailCategory, { name: MessageKey; hint: MessageKey }> = {
  account: { name: "notifications.category.account", hint: "notifications.category.account.hint" },
  new_matches: { name: "notifications.category.new_matches", hint: "notifications.category.new_matches.hint" },
  introductions: { name: "notifications.category.introductions", hint: "notifications.category.introductions.hint" },
  staff_digest: { name: "notifications.category.staff_digest", hint: "notifications.category.staff_digest.hint" },
};

export const STATUS_LABELS: Record<OutboxStatus, MessageKey> = {
  queued: "mail.status.queued",
  sending: "mail.status.sending",
  sent: "mail.status.sent",
  failed: "mail.status.failed",
  skipped: "mail.status.skipped",
};

/** Why a message was not sent (a skipped row's `lastError`); the mail log shows the words. */
export const SKIP_REASONS = ["opted_out"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
const SKIP_REASON_LABELS: Record<SkipReason, MessageKey> = { opted_out: "mail.status.skippedBecause.opted_out" };

export function skipReasonLabel(reason: string | null): MessageKey | null {
  return reason !== null && Object.hasOwn(SKIP_REASON_LABELS, reason) ? SKIP_REASON_LABELS[reason as SkipReason] : null;
}
