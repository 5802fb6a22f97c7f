// The ask panel (getAskState) and the action (requestIntroduction) share one pre-check: for each
// refusal the page shows the matching state, and it shows the form exactly when the request succeeds.
import { describe, expect, it } from "vitest";
import { suspendCompany } from "~/modules/companies/moderation.server";
import { makeListedCompany, makeUser, makeVerifiedUser } from "../../../tests/factories";
import { getAskState, getIntroductionOfMatch, listIntroductionsOfMatches } from "./member.server";
import { setWeeklyCap } from "./settings.server";
import {
  acceptIntroduction,
  approveIntroduction,
  declineIntroduction,
  declineIntroductionByFirm,
  requestIntroduction,
  withdrawIntroduction,
} from "./workflow.server";

const EXPECTED_STATE: Record<string, string> = {
  not_verified: "unverified",
  no_company: "no_company",
  company_suspended: "not_listed",
  not_listed: "not_listed",
  not_found: "hidden",
  already_open: "open",
  already_accepted: "accepted",
  declined_before: "declined_before",
  weekly_cap: "weekly_cap",
};

/** The page's state, then the action: they must agree. Returns the action's reason ("ok" on success). */
function agree(userId: string, partnerId: number) {
  const state = getAskState({ userId, partnerId });
  const result = requestIntroduction({ userId, targetCompanyId: partnerId, purpose: "distribution", message: "Hello." });
  if (result.ok) {
    expect(state.state).toBe("ready");
    return "ok";
  }
  expect(state.state).toBe(EXPECTED_STATE[result.reason]);
  if (result.reason === "weekly_cap") expect(state).toEqual({ state: "weekly_cap", cap: result.cap });
  return result.reason;
}

describe("getAskState and requestIntroduction agree", () => {
  it("for every refusal reason, and the form shows exactly when the request succeeds", async () => {
    const staff = await makeUser({ role: "staff" });
    const alice = await makeVerifiedUser();
    const budi = await makeVerifiedUser();
    const carol = await makeVerifiedUser();
    const a = makeListedCompany({ members: [alice.id] });
    const b = makeListedCompany({ members: [budi.id] });
    const c = makeListedCompany({ members: [carol.id] });

    const unverified = await makeUser();
    makeListedCompany({ members: [unverified.id] });
    expect(agree(unverified.id, b)).toBe("not_verified");
    expect(agree((await makeVerifiedUser()).id, b)).toBe("no_company");
    const pendingOwner = await makeVerifiedUser();
    makeListedCompany({ members: [pendingOwner.id], listed: false });
    expect(agree(pendingOwner.id, b)).toBe("not_listed");
    expect(agree(alice.id, makeListedCompany({ listed: false }))).toBe("not_found");

    expect(agree(alice.id, b)).toBe("ok");
    expect(agree(alice.id, b)).toBe("already_open");
    expect(agree(budi.id, a)).toBe("already_open");

    // Budi's firm declines: the pair is excluded since.
    const open = requestIntroduction({ userId: carol.id, targetCompanyId: b, purpose: "distribution", message: "Hi." });
    if (!open.ok) throw new Error(open.reason);
    expect(approveIntroduction({ introductionId: open.introductionId, staffUserId: staff.id }).ok).toBe(true);
    expect(declineIntroductionByFirm({ introductionId: open.introductionId, userId: budi.id }).ok).toBe(true);
    expect(agree(carol.id, b)).toBe("declined_before");

    setWeeklyCap({ cap: 1, staffUserId: staff.id });
    expect(agree(alice.id, c)).toBe("weekly_cap");

    expect(suspendCompany({ companyId: c, staffUserId: staff.id }).ok).toBe(true);
    expect(agree(carol.id, a)).toBe("company_suspended");

    // Alice's request to Budi's firm is accepted: asking again is refused, from either side.
    const first = requestIntroduction({ userId: alice.id, targetCompanyId: b, purpose: "distribution", message: "Hi." });
    expect(first).toEqual({ ok: false, reason: "already_open", introductionId: expect.any(Number) });
    const openId = (first as { introductionId: number }).introductionId;
    expect(approveIntroduction({ introductionId: openId, staffUserId: staff.id }).ok).toBe(true);
    expect(acceptIntroduction({ introductionId: openId, userId: budi.id }).ok).toBe(true);
    expect(agree(alice.id, b)).toBe("already_accepted");
    expect(agree(budi.id, a)).toBe("already_accepted");
    expect(getAskState({ userId: alice.id, partnerId: b })).toEqual({ state: "accepted", introduction: { id: openId, acceptedAt: expect.any(Number) } });

    // Not refusals but no panel: staff, and one's own firm.
    expect(getAskState({ userId: staff.id, partnerId: b })).toEqual({ state: "hidden" });
    expect(getAskState({ userId: alice.id, partnerId: a })).toEqual({ state: "hidden" });
  });
});

describe("a match's introduction", () => {
  it("is the latest the firm may see: its own requests, a partner's once approved, dated by acceptance", async () => {
    const staff = await makeUser({ role: "staff" });
    const alice = await makeVerifiedUser();
    const budi = await makeVerifiedUser();
    const carol = await makeVerifiedUser();
    const a = makeListedCompany({ members: [alice.id] });
    const b = makeListedCompany({ members: [budi.id] });
    const c = makeListedCompany({ members: [carol.id] });
    const request = (userId: string, target: number, now: number) => {
      const r = requestIntroduction({ userId, targetCompanyId: target, purpose: "distribution", message: "Hi.", now });
      if (!r.ok) throw new Error(r.reason);
      return r.introductionId;
    };
    expect(listIntroductionsOfMatches({ companyId: a, partnerIds: [b, c] }).size).toBe(0);

    // A withdrawn request, then a new one that is accepted: the latest counts.
    const old = request(alice.id, b, 1_700_000_000);
    expect(withdrawIntroduction({ introductionId: old, userId: alice.id, now: 1_700_000_100 }).ok).toBe(true);
    expect(getIntroductionOfMatch({ userId: alice.id, partnerId: b })).toEqual({ id: old, status: "withdrawn", at: 1_700_000_100 });
    const id = request(alice.id, b, 1_700_100_000);
    expect(approveIntroduction({ introductionId: id, staffUserId: staff.id, now: 1_700_100_100 }).ok).toBe(true);
    expect(acceptIntroduction({ introductionId: id, userId: budi.id, now: 1_700_200_000 }).ok).toBe(true);
    expect(getIntroductionOfMatch({ userId: alice.id, partnerId: b })).toEqual({ id, status: "accepted", at: 1_700_200_000 });
    expect(getIntroductionOfMatch({ userId: budi.id, partnerId: a })).toEqual({ id, status: "accepted", at: 1_700_200_000 });

    // Carol's request to Alice's firm: Alice's firm hears of it only once the council approved it,
    // and never of one the council declined.
    const fromCarol = request(carol.id, a, 1_700_300_000);
    expect(getIntroductionOfMatch({ userId: carol.id, partnerId: a })).toMatchObject({ id: fromCarol, status: "requested" });
    expect(getIntroductionOfMatch({ userId: alice.id, partnerId: c })).toBeNull();
    expect(declineIntroduction({ introductionId: fromCarol, staffUserId: staff.id, reason: "Too early." }).ok).toBe(true);
    expect(getIntroductionOfMatch({ userId: alice.id, partnerId: c })).toBeNull();
    expect(getIntroductionOfMatch({ userId: carol.id, partnerId: a })).toMatchObject({ id: fromCarol, status: "declined_by_staff" });
    expect([...listIntroductionsOfMatches({ companyId: a, partnerIds: [b, c] }).keys()]).toEqual([b]);
  });
});
