// What staff read of companies: the review queue, one company under review, the list of all.
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { companies, profileReviews, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { changedFields } from "./schemas";
import { foldForSearch } from "~/utils/text";
import { listCompanyMembers } from "./companies.server";
import { draftOf, getListing, type CompanyStatus } from "./listing.server";

/** Submitted profiles, oldest first. */
export function listReviewQueue() {
  return getDb()
    .select({
      id: companies.id,
      name: companies.name,
      localName: companies.localName,
      country: companies.country,
      draft: companies.draft,
      published: sql<number>`${companies.publishedAt} is not null`,
      submittedAt: companies.submittedAt,
    })
    .from(companies)
    .where(eq(companies.status, "pending"))
    .orderBy(asc(companies.submittedAt), asc(companies.id))
    .all()
    .map(({ draft: stored, ...r }) => {
      const draft = draftOf({ draft: stored });
      return {
        ...r,
        name: draft?.name ?? r.name,
        localName: draft ? draft.localName : r.localName,
        country: draft?.country ?? r.country,
        published: !!r.published,
      };
    });
}

export function countReviewQueue() {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(companies)
    .where(eq(companies.status, "pending"))
    .get()!.n;
}

/** Everything staff need to review a company: working copy, listing, members, history. */
export function getCompanyForStaff({ companyId }: { companyId: number }) {
  const db = getDb();
  const row = db.select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row) return null;
  const listing = getListing(db, { companyId })!;
  const reviews = db
    .select({ decision: profileReviews.decision, reason: profileReviews.reason, createdAt: profileReviews.createdAt, staffName: users.name })
    .from(profileReviews)
    .leftJoin(users, eq(users.id, profileReviews.staffUserId))
    .where(eq(profileReviews.companyId, companyId))
    .orderBy(desc(profileReviews.createdAt), desc(profileReviews.id))
    .all();
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    profile: draftOf(row) ?? listing,
    // The approved listing, when a change to it awaits review.
    listing: row.draft ? listing : null,
    changedFields: row.draft ? changedFields(listing, draftOf(row)!) : [],
    visible: row.visible,
    suspended: row.suspendedAt !== null,
    rejectionReason: row.rejectionReason,
    submittedAt: row.submittedAt,
    members: listCompanyMembers(db, { companyId }).map(({ userId, name, email, role }) => ({ userId, name, email, role })),
    reviews,
  };
}

const STAFF_PAGE_SIZE = 50;

/** All companies for staff, newest first, optionally by status or a name search. */
export function listCompaniesForStaff(input: { q?: string; status?: CompanyStatus | "suspended"; page?: number }) {
  const db = getDb();
  const conds: SQL[] = [];
  if (input.status === "suspended") conds.push(sql`${companies.suspendedAt} is not null`);
  else if (input.status) conds.push(eq(companies.status, input.status));
  const q = input.q ? foldForSearch(input.q) : "";
  if (q) conds.push(sql`(instr(${companies.sortName}, ${q}) > 0 or instr(lower(${companies.externalId}), ${q}) > 0)`);
  const where = conds.length ? and(...conds) : undefined;
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(companies)
    .where(where)
    .get()!.n;
  const page = Math.max(1, Math.min(input.page ?? 1, Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE))));
  const rows = db
    .select({
      id: companies.id,
      externalId: companies.externalId,
      name: companies.name,
      localName: companies.localName,
      country: companies.country,
      status: companies.status,
      visible: companies.visible,
      suspendedAt: companies.suspendedAt,
      members: sql<number>`(select count(*) from company_members m where m.company_id = ${companies.id})`,
    })
    .from(companies)
    .where(where)
    .orderBy(desc(companies.id))
    .limit(STAFF_PAGE_SIZE)
    .offset((page - 1) * STAFF_PAGE_SIZE)
    .all()
    .map((r) => ({ ...r, suspended: r.suspendedAt !== null }));
  return { total, page, pageCount: Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE)), companies: rows };
}
