// Staff moderation of company profiles: approve or reject a submitted profile, suspend and
// restore a firm. Every state change checks the current state inside the transaction that changes it.
import { eq } from "drizzle-orm";
import { companies, companyMembers, profileReviews } from "../../../db/schema";
import { getDb } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { endSessionsOfUsers } from "~/modules/auth/session.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { nowSeconds } from "~/utils/time";
import { listCompanyMembers } from "./companies.server";
import { draftOf, visibility, writeListing } from "./listing.server";

// ---- moderation ----

type ReviewResult = { ok: true; companyId: number; members: ReturnType<typeof listCompanyMembers> } | { ok: false; reason: "not_found" | "not_pending" };

/** Staff approve a submitted profile: the working copy becomes the listing. */
export function approveProfile(input: { companyId: number; staffUserId: string }): ReviewResult {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "pending") return { ok: false as const, reason: "not_pending" as const };
    const now = nowSeconds();
    const publishedAt = row.publishedAt ?? now;
    tx.update(companies)
      .set({
        status: "approved",
        publishedAt,
        visible: visibility({ publishedAt, suspendedAt: row.suspendedAt }),
        reviewedAt: now,
        reviewedByUserId: input.staffUserId,
        rejectionReason: null,
        draft: null,
        updatedAt: now,
      })
      .where(eq(companies.id, row.id))
      .run();
    if (row.draft) writeListing(row.id, draftOf(row)!);
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.approve",
      entityType: "company",
      entityId: row.id,
      before: { status: row.status, visible: row.visible, rejectionReason: row.rejectionReason },
      after: { status: "approved", visible: visibility({ publishedAt, suspendedAt: row.suspendedAt }), rejectionReason: null },
    });
    const review = tx
      .insert(profileReviews)
      .values({ companyId: row.id, decision: "approved", staffUserId: input.staffUserId, createdAt: now })
      .returning({ id: profileReviews.id })
      .get();
    const members = listCompanyMembers(tx, { companyId: row.id });
    const companyName = draftOf(row)?.name ?? row.name;
    // Each member in their own language (queueEmail reads it from the user).
    for (const m of members) {
      queueEmail(tx, {
        key: `company-approved:${review.id}:${m.userId}`,
        to: m.email,
        userId: m.userId,
        category: "account",
        template: "company_approved",
        params: { name: m.name, companyName, companyId: row.id },
      });
    }
    return { ok: true as const, companyId: row.id, members };
  });
}

/** Staff reject a submitted profile with a reason the firm sees; an earlier approved listing stays. */
export function rejectProfile(input: { companyId: number; staffUserId: string; reason: string }): ReviewResult {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "pending") return { ok: false as const, reason: "not_pending" as const };
    const now = nowSeconds();
    tx.update(companies)
      .set({ status: "rejected", rejectionReason: input.reason, reviewedAt: now, reviewedByUserId: input.staffUserId, updatedAt: now })
      .where(eq(companies.id, row.id))
      .run();
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.reject",
      entityType: "company",
      entityId: row.id,
      before: { status: row.status, rejectionReason: row.rejectionReason },
      after: { status: "rejected", rejectionReason: input.reason },
    });
    const review = tx
      .insert(profileReviews)
      .values({ companyId: row.id, decision: "rejected", reason: input.reason, staffUserId: input.staffUserId, createdAt: now })
      .returning({ id: profileReviews.id })
      .get();
    const members = listCompanyMembers(tx, { companyId: row.id });
    const companyName = draftOf(row)?.name ?? row.name;
    for (const m of members) {
      queueEmail(tx, {
        key: `company-rejected:${review.id}:${m.userId}`,
        to: m.email,
        userId: m.userId,
        category: "account",
        template: "company_rejected",
        params: { name: m.name, companyName, companyId: row.id, reason: input.reason },
      });
    }
    return { ok: true as const, companyId: row.id, members };
  });
}

/** Hides a company everywhere and signs its users out. */
export function suspendCompany(input: { companyId: number; staffUserId: string }): { ok: true } | { ok: false; reason: "not_found" | "already_suspended" } {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.suspendedAt !== null) return { ok: false as const, reason: "already_suspended" as const };
    const now = nowSeconds();
    tx.update(companies).set({ suspendedAt: now, visible: false, updatedAt: now }).where(eq(companies.id, row.id)).run();
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.suspend",
      entityType: "company",
      entityId: row.id,
      before: { suspended: false, visible: row.visible },
      after: { suspended: true, visible: false },
    });
    const userIds = tx.select({ userId: companyMembers.userId }).from(companyMembers).where(eq(companyMembers.companyId, row.id)).all();
    endSessionsOfUsers(tx, { userIds: userIds.map((u) => u.userId) });
    return { ok: true as const };
  });
}

export function restoreCompany(input: { companyId: number; staffUserId: string }): { ok: true } | { ok: false; reason: "not_found" | "not_suspended" } {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.suspendedAt === null) return { ok: false as const, reason: "not_suspended" as const };
    const now = nowSeconds();
    const visible = visibility({ publishedAt: row.publishedAt, suspendedAt: null });
    tx.update(companies).set({ suspendedAt: null, visible, updatedAt: now }).where(eq(companies.id, row.id)).run();
    // Its open introductions, held while it was suspended, get back the time they were held:
    // a trigger does it in this transaction (migrations/0012_held_introductions_resume.sql).
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.restore",
      entityType: "company",
      entityId: row.id,
      before: { suspended: true, visible: row.visible },
      after: { suspended: false, visible },
    });
    return { ok: true as const };
  });
}
