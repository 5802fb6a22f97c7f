// What a member's pages read about introductions beyond one introduction: whether (and how) they
// may ask a given firm, and their firm's introductions in the groups the list page shows.
import { and, desc, eq, inArray, isNotNull, ne, or } from "drizzle-orm";
import { introductions, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { isStaffRole } from "~/modules/auth/roles";
import { getMembership } from "~/modules/companies/companies.server";
import { getMatchesPage } from "~/modules/matching/page.server";
import { listCodes } from "~/modules/companies/listing.server";
import type { PartnershipTypeCode } from "~/modules/companies/taxonomy";
import { getIntroductionForUser, listIntroductionsForUser } from "./introductions.server";
import { OPEN_STATUSES, type IntroductionGroup, type IntroductionStatus } from "./labels";
import { checkIntroductionRequest } from "./workflow.server";
import { nowSeconds } from "~/utils/time";

/**
 * What the "ask for an introduction" panel of a match or company page shows. `hidden`: nothing
 * (staff, the user's own firm). Otherwise the form when it can succeed, or why it cannot:
 * no firm, firm not listed, address unconfirmed, one already under way or accepted, declined before, the
 * weekly cap reached: requestIntroduction's own pre-check (checkIntroductionRequest), so the
 * panel and the action never disagree.
 */
export type AskState =
  | { state: "hidden" }
  | { state: "no_company" | "not_listed" | "unverified" | "declined_before" }
  | { state: "weekly_cap"; cap: number }
  // `introduction` is null when the user's firm cannot see it (a request of the partner that
  // the council has not approved): the page then only says that one is under way.
  | { state: "open"; introduction: { id: number; status: IntroductionStatus; expiresAt: number } | null }
  | { state: "accepted"; introduction: { id: number; acceptedAt: number | null } }
  | { state: "ready"; partnerId: number; defaultPurpose: PartnershipTypeCode | null; shared: PartnershipTypeCode[]; remaining: number; cap: number };

export function getAskState({ userId, partnerId, now = nowSeconds() }: { userId: string; partnerId: number; now?: number }): AskState {
  const db = getDb();
  const user = db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  // Nothing to ask for staff (they have no firm) or on the user's own firm's page.
  if (!user || isStaffRole(user.role) || getMembership({ userId })?.companyId === partnerId) return { state: "hidden" };
  const check = checkIntroductionRequest(db, { userId, partnerId, now });
  if (check.ok) {
    const codes = listCodes([check.companyId, partnerId], ["partnershipTypes"]);
    const theirs = new Set(codes.get(partnerId)!.partnershipTypes);
    const shared = codes.get(check.companyId)!.partnershipTypes.filter((p) => theirs.has(p));
    return { state: "ready", partnerId, defaultPurpose: shared[0] ?? null, shared, remaining: check.cap - check.used, cap: check.cap };
  }
  switch (check.reason) {
    case "not_verified":
      return { state: "unverified" };
    case "no_company":
    case "not_listed":
    case "declined_before":
      return { state: check.reason };
    // A suspended firm is not listed (its members see /suspended before any page of this).
    case "company_suspended":
      return { state: "not_listed" };
    // The partner is not listed: its pages answer 404, no panel to show.
    case "not_found":
      return { state: "hidden" };
    case "weekly_cap":
      return { state: "weekly_cap", cap: check.cap };
    case "already_accepted":
      return { state: "accepted", introduction: { id: check.introductionId, acceptedAt: check.acceptedAt } };
    case "already_open": {
      const view = getIntroductionForUser({ introductionId: check.introductionId, userId });
      return { state: "open", introduction: view ? { id: view.id, status: view.status, expiresAt: view.expiresAt } : null };
    }
  }
}

/**
 * The firm's introductions in the list page's groups: waiting for the firm's answer (whoever
 * started it), the requests it sent, the council's suggestions it has answered, and the closed
 * ones (accepted included: nothing is pending there but the outcome).
 */
export function listIntroductionGroups({ userId }: { userId: string }) {
  const groups: Record<IntroductionGroup, (ReturnType<typeof listIntroductionsForUser>[number] & { mustAnswer: boolean })[]> = {
    waiting: [],
    sent: [],
    council: [],
    closed: [],
  };
  for (const row of listIntroductionsForUser({ userId })) {
    if (!OPEN_STATUSES.includes(row.status)) {
      groups.closed.push({ ...row, mustAnswer: false });
      continue;
    }
    // A member's request waits for its target once approved (the requester accepted by asking);
    // a council suggestion waits for each firm until it accepts — the one view that knows is the
    // introduction's own (few suggestions are open at once).
    const mustAnswer =
      row.direction === "received"
        ? row.status === "approved"
        : row.direction === "council" && !!getIntroductionForUser({ introductionId: row.id, userId })?.can.accept;
    groups[mustAnswer ? "waiting" : row.direction === "council" ? "council" : "sent"].push({ ...row, mustAnswer });
  }
  return { hasCompany: getMembership({ userId }) !== null, groups };
}

// ---- what a match shows of the pair's introductions ----

/** A pair's latest introduction as a match names it: its state and when it reached it. */
export type IntroductionOfMatch = { id: number; status: IntroductionStatus; at: number };

/**
 * The latest introduction between the company and each partner that the company may see: its
 * own requests and the council's, and a partner's request once the council approved it (the
 * rule of the firm's list of introductions).
 */
export function listIntroductionsOfMatches({ companyId, partnerIds }: { companyId: number; partnerIds: number[] }): Map<number, IntroductionOfMatch> {
  const out = new Map<number, IntroductionOfMatch>();
  if (partnerIds.length === 0) return out;
  const rows = getDb()
    .select({
      id: introductions.id,
      status: introductions.status,
      requester: introductions.requesterCompanyId,
      target: introductions.targetCompanyId,
      acceptedAt: introductions.acceptedAt,
      updatedAt: introductions.updatedAt,
    })
    .from(introductions)
    .where(
      or(
        and(eq(introductions.requesterCompanyId, companyId), inArray(introductions.targetCompanyId, partnerIds)),
        and(
          eq(introductions.targetCompanyId, companyId),
          inArray(introductions.requesterCompanyId, partnerIds),
          isNotNull(introductions.decidedAt),
          ne(introductions.status, "declined_by_staff"),
        ),
      ),
    )
    .orderBy(desc(introductions.id))
    .all();
  for (const r of rows) {
    const partnerId = r.requester === companyId ? r.target : r.requester;
    if (out.has(partnerId)) continue;
    // An accepted introduction is dated by its acceptance, not by a later outcome.
    out.set(partnerId, { id: r.id, status: r.status, at: r.status === "accepted" && r.acceptedAt ? r.acceptedAt : r.updatedAt });
  }
  return out;
}

/** The latest introduction of one match that the user's firm may see (the breakdown's line). */
export function getIntroductionOfMatch({ userId, partnerId }: { userId: string; partnerId: number }): IntroductionOfMatch | null {
  const membership = getMembership({ userId });
  if (!membership) return null;
  return listIntroductionsOfMatches({ companyId: membership.companyId, partnerIds: [partnerId] }).get(partnerId) ?? null;
}

/** The matches page (matching's getMatchesPage), each shown match with its latest introduction. */
export function getMatchesPageForMember(input: Parameters<typeof getMatchesPage>[0]) {
  const page = getMatchesPage(input);
  if (page.state !== "ready") return page;
  const membership = getMembership({ userId: input.userId })!;
  const known = listIntroductionsOfMatches({ companyId: membership.companyId, partnerIds: page.result.matches.map((m) => m.partner.id) });
  const matches = page.result.matches.map((m) => ({ ...m, introduction: known.get(m.partner.id) ?? null }));
  return { ...page, result: { ...page.result, matches } };
}
