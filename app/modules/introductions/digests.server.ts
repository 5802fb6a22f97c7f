// The staff's daily digest of requests awaiting a decision, for staff who chose it over an
// e-mail per request (their choice is notifications' staff-alert preference).
import { and, eq, lte, sql } from "drizzle-orm";
import { introductions } from "../../../db/schema";
import { getDb } from "~/db.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { getStaffDigestSince, listStaffAlertRecipients, markStaffDigestSent, STAFF_DIGEST_HOUR_UTC } from "~/modules/notifications/preferences.server";
import { companyName, DAY, display, purposeWords } from "./workflow.server";
import { nowSeconds } from "~/utils/time";

/**
 * Staff who chose the daily digest get, once a day, one message listing the requests made since
 * their last digest that still await a decision. Safe to run often: each person at most once per day.
 */
export function sendStaffDigests(now = nowSeconds()): number {
  const d = new Date(now * 1000);
  const todays = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), STAFF_DIGEST_HOUR_UTC) / 1000;
  const dueAt = todays <= now ? todays : todays - DAY;
  let sent = 0;
  getDb().transaction((tx) => {
    for (const s of listStaffAlertRecipients(tx)) {
      if (s.frequency !== "daily") continue;
      const since = getStaffDigestSince(tx, { userId: s.userId });
      if (since >= dueAt) continue;
      const pending = tx
        .select({
          id: introductions.id,
          requester: introductions.requesterCompanyId,
          target: introductions.targetCompanyId,
          purpose: introductions.purpose,
          createdAt: introductions.createdAt,
        })
        .from(introductions)
        .where(and(eq(introductions.status, "requested"), sql`${introductions.createdAt} > ${since}`, lte(introductions.createdAt, now)))
        .orderBy(introductions.createdAt)
        .all();
      if (pending.length) {
        queueEmail(tx, {
          key: `intro-staff-digest:${s.userId}:${dueAt}`,
          to: s.email,
          userId: s.userId,
          category: "staff_digest",
          template: "intro_staff_digest",
          params: {
            name: s.name,
            requests: pending.map((p) => ({
              introductionId: p.id,
              requester: display(companyName(tx, p.requester)!),
              target: display(companyName(tx, p.target)!),
              purpose: purposeWords(p.purpose),
            })),
          },
        });
        sent += 1;
      }
      markStaffDigestSent(tx, { userId: s.userId, now });
    }
  });
  return sent;
}
