import { describe, expect, it } from "vitest";
import { makeListedCompany, makeVerifiedUser } from "../../../tests/factories";
import { getMatchesPage } from "./page.server";
import { syncMatches } from "./sync.server";

describe("getMatchesPage", () => {
  it("says what the page shows: no firm, not listed, the list being built, then the list", async () => {
    const loner = await makeVerifiedUser();
    expect(getMatchesPage({ userId: loner.id, page: 1 })).toEqual({ state: "no_company" });
    const pending = await makeVerifiedUser();
    makeListedCompany({ members: [pending.id], listed: false });
    expect(getMatchesPage({ userId: pending.id, page: 1 })).toEqual({ state: "not_listed" });

    const alice = await makeVerifiedUser();
    makeListedCompany({ profile: { name: "Lanyun Cloud", country: "CN" }, members: [alice.id] });
    makeListedCompany({ profile: { name: "PT Nusantara Distribusi", country: "ID" } });
    const before = getMatchesPage({ userId: alice.id, page: 1 });
    if (before.state !== "computing") {
      // A list may already be stored by the triggers' first pass; either way it is one of the two.
      expect(before.state).toBe("ready");
    }
    await syncMatches();
    const after = getMatchesPage({ userId: alice.id, page: 1 });
    if (after.state !== "ready") throw new Error(after.state);
    expect(after.page).toBe(1);
    expect(after.result.total).toBe(after.result.filtered);
    for (const m of after.result.matches) expect(m.reasons.length).toBeLessThanOrEqual(3);
  });
});
