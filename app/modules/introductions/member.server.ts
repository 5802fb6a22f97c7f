// What a member's pages read about introductions beyond one introduction: whether (and how) they
// may ask a given firm, and their firm's introductions in the groups the list page shows.
import { eq } from "drizzle-orm";
import { companies, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { isStaffRole } from "~/modules/auth/roles";
import { getMembership } from "~/modules/companies/companies.server";
import { listCodes } from "~/modules/companies/listing.server";
import type { PartnershipTypeCode } from "~/modules/companies/taxonomy";
import { getIntroductionForUser, listIntroductionsForUser } from "./introductions.server";
import { OPEN_STATUSES, type IntroductionGroup, type IntroductionStatus } from "./labels";
import { getWeeklyCap } from "./settings.server";
import { countRecentOpenRequests, declinedBefore, getOpenIntroductionBetween } from "./workflow.server";
import { nowSeconds } from "~/utils/time";

/**
 * What the "ask for an introduction" panel of a match or company page shows. `hidden`: nothing
 * (staff, the user's own firm). Otherwise the form when it can succeed, or why it cannot:
 * no firm, firm not listed, address unconfirmed, one already under way, declined before, the
 * weekly cap reached. The checks repeat requestIntroduction's, which stays the authority.
 */
export type AskState =
  | { state: "hidden" }
  | { state: "no_company" | "not_listed" | "unverified" | "declined_before" }
  | { state: "weekly_cap"; cap: number }
  // `introduction` is null when the user's firm cannot see it (a request of the partner that
  // the council has not approved): the page then only says that one is under way.
  | { state: "open"; introduction: { id: number; status: IntroductionStatus; expiresAt: number } | null }
  | { state: "ready"; partnerId: number; defaultPurpose: PartnershipTypeCode | null; shared: PartnershipTypeCode[]; remaining: number; cap: number };

export function getAskState({ userId, partnerId, now = nowSeconds() }: { userId: string; partnerId: number; now?: number }): AskState {
  const db = getDb();
  const user = db.select({ role: users.role, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).get();
  if (!user || isStaffRole(user.role)) return { state: "hidden" };
  const membership = getMembership({ userId });
  if (!membership) return { state: "no_company" };
  if (membership.companyId === partnerId) return { state: "hidden" };
  const own = db.select({ visible: companies.visible }).from(companies).where(eq(companies.id, membership.companyId)).get();
  if (!own?.visible) return { state: "not_listed" };
  if (!user.verifiedAt) return { state: "unverified" };
  const open = getOpenIntroductionBetween({ companyId: membership.companyId, partnerId });
  if (open) {
    const view = getIntroductionForUser({ introductionId: open.id, userId });
    return { state: "open", introduction: view ? { id: view.id, status: view.status, expiresAt: view.expiresAt } : null };
  }
  if (declinedBefore(db, membership.companyId, partnerId)) return { state: "declined_before" };
  const cap = getWeeklyCap(db);
  const used = countRecentOpenRequests(db, { companyId: membership.companyId, now });
  if (used >= cap) return { state: "weekly_cap", cap };
  const codes = listCodes(db, [membership.companyId, partnerId], ["partnershipTypes"]);
  const theirs = new Set(codes.get(partnerId)!.partnershipTypes);
  const shared = codes.get(membership.companyId)!.partnershipTypes.filter((p) => theirs.has(p));
  return { state: "ready", partnerId, defaultPurpose: shared[0] ?? null, shared, remaining: cap - used, cap };
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
