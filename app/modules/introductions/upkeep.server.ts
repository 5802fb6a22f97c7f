// What time moves in the introduction workflow: open introductions expire, whoever must answer
// is reminded, accepted ones are asked for their outcome (and the staff digests go out). The
// server runs it every few minutes; each step is idempotent and re-checks in its own transaction.
import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { companies, introductionOutcomes, introductions } from "../../../db/schema";
import { getDb } from "~/db.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { listStaffAlertRecipients } from "~/modules/notifications/preferences.server";
import { sendStaffDigests } from "./digests.server";
import { OPEN_STATUSES } from "./labels";
import {
  companyName,
  DAY,
  display,
  event,
  EXPIRY_REMINDER_DAYS,
  isHeld,
  load,
  mailBothFirms,
  move,
  mustAnswer,
  OUTCOME_REMINDER_DAYS,
} from "./workflow.server";
import { nowSeconds } from "~/utils/time";

/** SQL: neither firm of the introduction is suspended (what expiry and reminders look at). */
const neitherSuspended = sql`not exists (select 1 from ${companies} where ${companies.id} in (${introductions.requesterCompanyId}, ${introductions.targetCompanyId}) and ${companies.suspendedAt} is not null)`;

// ---- time: expiry and reminders (the server's upkeep task) ----

/** Open introductions nobody answered in time. Each expires in its own transaction, re-checked there. */
export function expireIntroductions(now = nowSeconds()): number {
  const due = getDb()
    .select({ id: introductions.id })
    .from(introductions)
    .where(and(inArray(introductions.status, OPEN_STATUSES), lte(introductions.expiresAt, now), neitherSuspended))
    .all();
  let expired = 0;
  for (const { id } of due) {
    expired += getDb().transaction((tx) => {
      const row = load(tx, id);
      // A held introduction does not run out: restoring its firm gives it back the time held.
      if (!row || !OPEN_STATUSES.includes(row.status) || row.expiresAt > now || isHeld(tx, row)) return 0;
      move(tx, row, { status: "expired", closedAt: now }, now);
      event(tx, { introductionId: row.id, from: row.status, to: "expired", kind: "expired", at: now });
      mailBothFirms(
        tx,
        row,
        `intro-expired:${row.id}`,
        (m, partner) => ({ category: "introductions", template: "intro_expired", params: { name: m.name, partner: display(partner), introductionId: row.id } }),
        // A member's request that staff never approved concerns the requester only.
        (companyId) => row.status !== "requested" || companyId === row.requesterCompanyId,
      );
      return 1;
    });
  }
  return expired;
}

/**
 * A few days before an open introduction expires, whoever must still answer hears of it: staff
 * for a request awaiting their decision, the firm(s) for an approved one.
 */
function sendExpiryReminders(now = nowSeconds()): number {
  const due = getDb()
    .select({ id: introductions.id })
    .from(introductions)
    .where(
      and(
        inArray(introductions.status, OPEN_STATUSES),
        isNull(introductions.expiryReminderSentAt),
        lte(introductions.expiresAt, now + EXPIRY_REMINDER_DAYS * DAY),
        neitherSuspended,
      ),
    )
    .all();
  let sent = 0;
  for (const { id } of due) {
    sent += getDb().transaction((tx) => {
      const row = load(tx, id);
      if (!row || !OPEN_STATUSES.includes(row.status) || row.expiryReminderSentAt !== null || isHeld(tx, row)) return 0;
      const days = Math.max(1, Math.ceil((row.expiresAt - now) / DAY));
      if (row.status === "requested") {
        const requester = companyName(tx, row.requesterCompanyId)!;
        const target = companyName(tx, row.targetCompanyId)!;
        for (const s of listStaffAlertRecipients(tx)) {
          queueEmail(tx, {
            key: `intro-expiring-staff:${row.id}:${s.userId}`,
            to: s.email,
            userId: s.userId,
            category: "staff_digest",
            template: "intro_staff_expiring",
            params: { name: s.name, requester: display(requester), target: display(target), introductionId: row.id, days },
          });
        }
      } else {
        mailBothFirms(
          tx,
          row,
          `intro-expiring:${row.id}`,
          (m, partner) => ({
            category: "introductions",
            template: "intro_expiry_reminder",
            params: { name: m.name, partner: display(partner), introductionId: row.id, days },
          }),
          (companyId) => mustAnswer(row, companyId) === "yes",
        );
      }
      tx.update(introductions).set({ expiryReminderSentAt: now }).where(eq(introductions.id, row.id)).run();
      return 1;
    });
  }
  return sent;
}

/** Three weeks after acceptance, both firms are asked what came of it (unless one already said). */
function sendOutcomeReminders(now = nowSeconds()): number {
  const due = getDb()
    .select({ id: introductions.id })
    .from(introductions)
    .where(
      and(
        eq(introductions.status, "accepted"),
        isNull(introductions.outcomeReminderSentAt),
        lte(introductions.acceptedAt, now - OUTCOME_REMINDER_DAYS * DAY),
        sql`not exists (select 1 from ${introductionOutcomes} where ${introductionOutcomes.introductionId} = ${introductions.id})`,
      ),
    )
    .all();
  for (const { id } of due) {
    getDb().transaction((tx) => {
      const row = load(tx, id);
      if (!row || row.outcomeReminderSentAt !== null) return;
      mailBothFirms(tx, row, `intro-outcome:${row.id}`, (m, partner) => ({
        category: "introductions",
        template: "intro_outcome_reminder",
        params: { name: m.name, partner: display(partner), introductionId: row.id },
      }));
      tx.update(introductions).set({ outcomeReminderSentAt: now }).where(eq(introductions.id, row.id)).run();
    });
  }
  return due.length;
}

/** Everything time moves: run by the server every few minutes (and by tests with a chosen `now`). */
export function runIntroductionUpkeep(now = nowSeconds()) {
  return {
    reminded: sendExpiryReminders(now),
    expired: expireIntroductions(now),
    outcomeReminders: sendOutcomeReminders(now),
    staffDigests: sendStaffDigests(now),
  };
}
