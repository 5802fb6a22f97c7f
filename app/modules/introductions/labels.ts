// The introduction states and outcomes with their translation keys. Client-safe: the lists come
// from db/enums.ts, which db/schema.ts reads too.
import { INTRODUCTION_STATUSES, OUTCOMES } from "../../../db/enums";
import type { MessageKey } from "~/modules/i18n/i18n";

export { INTRODUCTION_STATUSES, OUTCOMES };
export type IntroductionStatus = (typeof INTRODUCTION_STATUSES)[number];

/** The states in which a pair has an introduction under way: at most one per pair (a partial unique index). */
export const OPEN_STATUSES: readonly IntroductionStatus[] = ["requested", "approved"];

/** The groups of a firm's list of introductions, in the order its page shows them. */
export const INTRODUCTION_GROUPS = ["waiting", "sent", "council", "closed"] as const;
export type IntroductionGroup = (typeof INTRODUCTION_GROUPS)[number];

export type Outcome = (typeof OUTCOMES)[number];

export const STATUS_LABELS: Record<IntroductionStatus, MessageKey> = {
  requested: "intro.status.requested",
  approved: "intro.status.approved",
  declined_by_staff: "intro.status.declined_by_staff",
  accepted: "intro.status.accepted",
  declined_by_target: "intro.status.declined_by_target",
  expired: "intro.status.expired",
  withdrawn: "intro.status.withdrawn",
};

export const OUTCOME_LABELS: Record<Outcome, MessageKey> = {
  met: "intro.outcome.met",
  negotiating: "intro.outcome.negotiating",
  agreement_signed: "intro.outcome.agreement_signed",
  no_fit: "intro.outcome.no_fit",
};

/** A refused action as the page says it: a message key, its parameters, and the state to name. */
export type RefusalMessage = { key: MessageKey; params: Record<string, string | number>; statusKey?: MessageKey };

/**
 * Turns a workflow refusal ({ ok: false, reason, … }) into words. `time` of a decision comes as
 * seconds; the page formats it. The caller passes `status` through t(statusKey).
 */
export function describeRefusal(r: {
  reason: string;
  status?: IntroductionStatus;
  decidedBy?: { name: string; email: string } | null;
  decidedAt?: number | null;
  cap?: number;
}): RefusalMessage {
  switch (r.reason) {
    case "illegal_transition":
      return r.decidedBy && r.decidedAt && r.status
        ? {
            key: "errors.intro.alreadyDecidedBy",
            params: { name: r.decidedBy.name, time: `${new Date(r.decidedAt * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC` },
            statusKey: STATUS_LABELS[r.status],
          }
        : { key: "errors.intro.alreadyDecided", params: {}, statusKey: r.status ? STATUS_LABELS[r.status] : undefined };
    case "weekly_cap":
      return { key: "errors.intro.weeklyCap", params: { cap: r.cap ?? 0 } };
    case "already_open":
      return { key: "errors.intro.alreadyOpen", params: {} };
    case "declined_before":
      return { key: "errors.intro.declinedBefore", params: {} };
    case "not_listed":
      return { key: "errors.intro.notListed", params: {} };
    case "no_company":
      return { key: "errors.intro.noCompany", params: {} };
    case "not_verified":
      return { key: "errors.intro.notVerified", params: {} };
    case "not_your_turn":
      return { key: "errors.intro.notYourTurn", params: {} };
    case "already_answered":
      return { key: "errors.intro.alreadyAnswered", params: {} };
    case "partnership_type_required":
      return { key: "errors.intro.partnershipTypeRequired", params: {} };
    case "company_suspended":
      return { key: "errors.intro.companySuspended", params: {} };
    case "held":
      return { key: "errors.intro.held", params: {} };
    default:
      return { key: "errors.intro.notFound", params: {} };
  }
}
