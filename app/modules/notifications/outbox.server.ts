// The one door for e-mail. Other modules call queueEmail inside their own transaction; the
// delivery worker (delivery.server.ts) sends the row later. Nothing else talks to SMTP.
import crypto from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { outbox, users } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { isSupportedLocale } from "~/modules/i18n/locales.server";
import { mailDomain } from "./mail-config.server";
import { isEmailCategoryEnabled, unsubscribeUrl } from "./preferences.server";
import type { OutboxStatus } from "./labels";
import { renderEmail, type EmailCategory, type TemplateName, type TemplateParams } from "./templates.server";
import { nowSeconds } from "~/utils/time";

export type OutboxRow = typeof outbox.$inferSelect;

/** Receivers can drop a second copy by this id: it is derived from the key, so retries share it. */
export function messageIdForKey(key: string) {
  return `<${crypto.createHash("sha256").update(key).digest("hex").slice(0, 32)}@${mailDomain()}>`;
}

/**
 * Queues one e-mail in the caller's transaction. `key` names the event that causes the message
 * (e.g. `password-reset:<token id>`): the same key twice queues one message. A user who turned a
 * category off gets nothing of it; account e-mail always goes out. The message is rendered now,
 * in the recipient's language, so the log shows exactly what was sent.
 */
export function queueEmail<N extends TemplateName>(
  db: DbOrTx,
  input: {
    key: string;
    to: string;
    userId?: string | null;
    locale?: string;
    category: EmailCategory;
    template: N;
    params: TemplateParams<N>;
  },
): { queued: true; id: number } | { queued: false; reason: "duplicate" | "opted_out" } {
  const user = input.userId ? (db.select({ locale: users.locale }).from(users).where(eq(users.id, input.userId)).get() ?? null) : null;
  if (input.userId && !isEmailCategoryEnabled({ userId: input.userId, category: input.category })) {
    return { queued: false, reason: "opted_out" };
  }
  const locale = [input.locale, user?.locale].find(isSupportedLocale) ?? "en";
  const optional = input.category !== "account" && !!input.userId;
  const unsubscribe = optional ? unsubscribeUrl({ userId: input.userId!, category: input.category }) : undefined;
  const rendered = renderEmail({ template: input.template, params: input.params, locale, category: input.category, unsubscribeUrl: unsubscribe });
  const headers: Record<string, string> = unsubscribe ? { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {};
  const row = db
    .insert(outbox)
    .values({
      key: input.key,
      category: input.category,
      template: input.template,
      locale,
      userId: input.userId ?? null,
      toAddress: input.to,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      headers,
      secrets: rendered.secrets.length ? rendered.secrets : null,
      messageId: messageIdForKey(input.key),
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id })
    .get();
  return row ? { queued: true, id: row.id } : { queued: false, reason: "duplicate" };
}

// ---- the mail log ----

const REDACTED = "[…]";

/** A one-time link is never shown in the log: staff read the message without being able to use it. */
export function redactSecrets<T extends Pick<OutboxRow, "subject" | "textBody" | "htmlBody" | "secrets">>(row: T): T {
  if (!row.secrets?.length) return row;
  const blank = (s: string) => row.secrets!.reduce((acc, secret) => acc.split(secret).join(REDACTED), s);
  return { ...row, subject: blank(row.subject), textBody: blank(row.textBody), htmlBody: blank(row.htmlBody) };
}

export function listOutbox({ status, limit = 100 }: { status?: OutboxStatus; limit?: number } = {}) {
  return getDb()
    .select({
      id: outbox.id,
      toAddress: outbox.toAddress,
      subject: outbox.subject,
      secrets: outbox.secrets,
      category: outbox.category,
      template: outbox.template,
      locale: outbox.locale,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(status ? eq(outbox.status, status) : undefined)
    .orderBy(desc(outbox.id))
    .limit(limit)
    .all()
    .map(({ secrets, ...row }) => ({ ...row, subject: redactSecrets({ subject: row.subject, textBody: "", htmlBody: "", secrets }).subject }));
}

export function countOutboxByStatus(): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  const rows = getDb()
    .select({ status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .groupBy(outbox.status)
    .all();
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** One message as its recipient gets it (one-time links blanked out). */
export function getOutboxMessage({ id }: { id: number }) {
  const row = getDb().select().from(outbox).where(eq(outbox.id, id)).get();
  return row ? redactSecrets(row) : null;
}

/** Staff put a failed message back in the queue, with a fresh set of attempts. */
export function retryOutboxMessage({ id, staffUserId }: { id: number; staffUserId: string }): { ok: true } | { ok: false; reason: "not_failed" } {
  const now = nowSeconds();
  return getDb().transaction((tx) => {
    const before = tx
      .select({ attempts: outbox.attempts, lastError: outbox.lastError })
      .from(outbox)
      .where(and(eq(outbox.id, id), eq(outbox.status, "failed")))
      .get();
    if (!before) return { ok: false as const, reason: "not_failed" as const };
    tx.update(outbox).set({ status: "queued", attempts: 0, nextAttemptAt: now, updatedAt: now }).where(eq(outbox.id, id)).run();
    recordAudit(tx, {
      actorUserId: staffUserId,
      action: "mail.retry",
      entityType: "outbox",
      entityId: id,
      before: { status: "failed", attempts: before.attempts, lastError: before.lastError },
      after: { status: "queued", attempts: 0 },
    });
    return { ok: true as const };
  });
}

/** The mail log's "send a test message": to the staff member's own address, through the real worker. */
export function queueTestMessage({ user }: { user: { id: string; email: string; name: string } }) {
  return getDb().transaction((tx) => {
    const result = queueEmail(tx, {
      key: `test-message:${crypto.randomUUID()}`,
      to: user.email,
      userId: user.id,
      category: "staff_digest",
      template: "test_message",
      params: { name: user.name, senderName: user.name },
    });
    if (result.queued) {
      recordAudit(tx, {
        actorUserId: user.id,
        action: "mail.test",
        entityType: "outbox",
        entityId: result.id,
        after: { to: user.email, template: "test_message" },
      });
    }
    return result;
  });
}
