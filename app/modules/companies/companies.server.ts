// Company profiles as their own firm keeps them: membership, the firm's own view, create and
// edit the working copy, submit it. Moderation is moderation.server.ts, staff lists and the review
// page staff-views.server.ts, the listing itself listing.server.ts.
import { and, asc, eq, sql } from "drizzle-orm";
import { companies, companyMembers, users } from "../../../db/schema";
import { getDb, preparedOnce, type DbOrTx } from "~/db.server";
import { isMaterialChange, type Profile } from "./schemas";
import { nowSeconds } from "~/utils/time";
import { draftOf, getListing, insertCompany, isComplete, writeListing, type CompanyStatus } from "./listing.server";

// ---- membership ----

/** A user's firm and role in it; `suspended`: staff suspended the firm, whose members may then do nothing as it. */
type Membership = { companyId: number; role: "owner" | "member"; suspended: boolean };

const membershipQuery = preparedOnce(({ db }) =>
  db
    .select({ companyId: companyMembers.companyId, role: companyMembers.role, suspendedAt: companies.suspendedAt })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(eq(companyMembers.userId, sql.placeholder("userId")))
    .prepare(),
);

export function getMembership({ userId }: { userId: string }): Membership | null {
  const row = membershipQuery().get({ userId });
  return row ? { companyId: row.companyId, role: row.role, suspended: row.suspendedAt !== null } : null;
}

/** The company a user belongs to, read in the caller's transaction; null when none. */
export function getCompanyIdOfMember(db: DbOrTx, { userId }: { userId: string }): number | null {
  return db.select({ companyId: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, userId)).get()?.companyId ?? null;
}

/**
 * Whether staff suspended the company. A suspended firm cannot act: every module function a
 * firm's member calls (introductions, profile, team, matches) refuses with `company_suspended`,
 * and its open introductions are held. Pass the transaction that acts, so the answer is current.
 */
export function isCompanySuspended(db: DbOrTx, companyId: number): boolean {
  return db.select({ suspendedAt: companies.suspendedAt }).from(companies).where(eq(companies.id, companyId)).get()?.suspendedAt != null;
}

/** The members of a company with the e-mail addresses and languages they receive mail in. */
export function listCompanyMembers(db: DbOrTx, { companyId }: { companyId: number }) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, locale: users.locale, role: companyMembers.role })
    .from(companyMembers)
    .innerJoin(users, eq(users.id, companyMembers.userId))
    .where(eq(companyMembers.companyId, companyId))
    .orderBy(asc(companyMembers.createdAt), asc(users.name))
    .all();
}

/** The suspended firm of a member, for the page that tells them so; null when theirs is not suspended. */
export function getSuspendedCompanyOf({ userId }: { userId: string }): { id: number; name: string; localName: string | null; suspendedAt: number } | null {
  const row = getDb()
    .select({ id: companies.id, name: companies.name, localName: companies.localName, suspendedAt: companies.suspendedAt })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(eq(companyMembers.userId, userId))
    .get();
  return row && row.suspendedAt !== null ? { id: row.id, name: row.name, localName: row.localName, suspendedAt: row.suspendedAt } : null;
}

// ---- the firm's own view ----

type OwnCompany = {
  id: number;
  externalId: string;
  status: CompanyStatus;
  profile: Profile;
  visible: boolean;
  published: boolean;
  suspended: boolean;
  rejectionReason: string | null;
  /** Whether the working copy differs from what the directory shows (a change awaiting review). */
  hasUnpublishedChanges: boolean;
  role: "owner" | "member";
};

/**
 * A company as one of its own users sees it, or null when the user is not a member of it.
 * Anyone else gets null too, so a route answers 404 whether the company exists or not.
 */
export function getOwnCompany({ companyId, userId }: { companyId: number; userId: string }): OwnCompany | null {
  const db = getDb();
  const membership = db
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .where(and(eq(companyMembers.userId, userId), eq(companyMembers.companyId, companyId)))
    .get();
  if (!membership) return null;
  const row = db.select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row) return null;
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    profile: draftOf(row) ?? getListing(db, { companyId })!,
    visible: row.visible,
    published: row.publishedAt !== null,
    suspended: row.suspendedAt !== null,
    rejectionReason: row.status === "rejected" ? row.rejectionReason : null,
    hasUnpublishedChanges: row.draft !== null,
    role: membership.role,
  };
}

/** A member creates their firm's profile and becomes its owner. */
export function createCompany(input: {
  userId: string;
  profile: Profile;
  submit: boolean;
}): { ok: true; companyId: number } | { ok: false; reason: "already_member" } {
  return getDb().transaction((tx) => {
    const existing = tx.select().from(companyMembers).where(eq(companyMembers.userId, input.userId)).get();
    if (existing) return { ok: false as const, reason: "already_member" as const };
    const companyId = insertCompany({ status: input.submit ? "pending" : "draft", profile: input.profile, published: false });
    tx.insert(companyMembers).values({ userId: input.userId, companyId, role: "owner" }).run();
    return { ok: true as const, companyId };
  });
}

type SaveOutcome = "saved" | "savedBesideListing" | "submitted" | "published";

/**
 * Saves the working copy of a company's profile, and submits it for review when asked.
 * Once a firm was approved, "save draft" keeps the change beside the listing, which stays as it
 * is; submitting an edit that leaves name, country, offers and needs alone puts it live at once,
 * and an edit of any of those waits for review while the approved version stays listed.
 */
export function saveProfile(input: {
  companyId: number;
  userId: string;
  profile: Profile;
  submit: boolean;
}): { ok: true; outcome: SaveOutcome } | { ok: false; reason: "not_found" | "company_suspended" } {
  return getDb().transaction((tx) => {
    const member = tx
      .select()
      .from(companyMembers)
      .where(and(eq(companyMembers.userId, input.userId), eq(companyMembers.companyId, input.companyId)))
      .get();
    const row = member ? tx.select().from(companies).where(eq(companies.id, input.companyId)).get() : undefined;
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.suspendedAt !== null) return { ok: false as const, reason: "company_suspended" as const };
    const now = nowSeconds();
    let draft: Profile | null = null;
    if (row.publishedAt !== null) {
      const listing = getListing(tx, { companyId: row.id })!;
      if (input.submit && !isMaterialChange(listing, input.profile) && isComplete(input.profile)) {
        tx.update(companies).set({ draft: null, status: "approved", rejectionReason: null, updatedAt: now }).where(eq(companies.id, row.id)).run();
        writeListing(row.id, input.profile);
        return { ok: true as const, outcome: "published" as const };
      }
      // The approved listing stays visible; the change waits beside it.
      draft = input.profile;
    } else {
      // Never approved: the listing is the working copy (hidden until approval).
      writeListing(row.id, input.profile);
    }
    const base = { draft, updatedAt: now, rejectionReason: null };
    tx.update(companies)
      .set(input.submit ? { ...base, status: "pending" as const, submittedAt: now } : { ...base, status: "draft" as const })
      .where(eq(companies.id, row.id))
      .run();
    const outcome: SaveOutcome = input.submit ? "submitted" : draft ? "savedBesideListing" : "saved";
    return { ok: true as const, outcome };
  });
}
