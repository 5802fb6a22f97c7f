// The introduction states and outcomes with their translation keys. Client-safe: the lists come
// from db/enums.ts, which db/schema.ts reads too.
import { INTRODUCTION_STATUSES, OUTCOMES } from "../../../db/enums";
import { refusalKey, type MessageKey } from "~/modules/i18n/i18n";

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
export type RefusalMessage = {
  key: MessageKey;
  params: Record<string, string | number>;
  statusKey?: MessageKey;
  /** When the decision it names was taken (seconds): the page writes it as the `time` parameter, in its language. */
  decidedAt?: number;
};

/**
 * Turns a workflow refusal ({ ok: false, reason, … }) into words. The time of a decision comes as
 * seconds (`decidedAt`); the page formats it. The caller passes `status` through t(statusKey).
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
            params: { name: r.decidedBy.name },
            statusKey: STATUS_LABELS[r.status],
            decidedAt: r.decidedAt,
          }
        : { key: "errors.intro.alreadyDecided", params: {}, statusKey: r.status ? STATUS_LABELS[r.status] : undefined };
    default:
      // A reason the map does not name (not_found among them) reads as "not found".
      return { key: refusalKey(INTRO_REFUSALS, r.reason, "errors.intro.notFound"), params: r.reason === "weekly_cap" ? { cap: r.cap ?? 0 } : {} };
  }
}

/** The words of the workflow's refusals besides a decision already taken, for refusalKey. */
const INTRO_REFUSALS: Record<string, MessageKey> = {
  weekly_cap: "errors.intro.weeklyCap",
  already_open: "errors.intro.alreadyOpen",
  already_accepted: "errors.intro.alreadyAccepted",
  declined_before: "errors.intro.declinedBefore",
  not_listed: "errors.intro.notListed",
  no_company: "errors.intro.noCompany",
  not_verified: "errors.intro.notVerified",
  not_your_turn: "errors.intro.notYourTurn",
  already_answered: "errors.intro.alreadyAnswered",
  partnership_type_required: "errors.intro.partnershipTypeRequired",
  company_suspended: "errors.intro.companySuspended",
  held: "errors.intro.held",
};
