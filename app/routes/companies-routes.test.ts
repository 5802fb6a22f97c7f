// The companies' routes called as Remix calls them: guards first, 404 for another firm's
// profile, no contact details in any loader data another firm receives.
import { describe, expect, it } from "vitest";
import { createCompany, getMembership, getOwnCompany } from "~/modules/companies/companies.server";
import { approveProfile } from "~/modules/companies/moderation.server";
import type { MessageKey } from "~/modules/i18n/i18n";
import { getT } from "~/modules/i18n/locales.server";
import { profileDraftSchema } from "~/modules/companies/schemas";
import { asData, ctx, formRequest, getRequest, makeListedCompany, makeUser, signedIn, signedInVerified, thrown } from "../../tests/factories";
import { loader as directoryLoader } from "./companies._index";
import { loader as pageLoader } from "./companies.$companyId._index";
import { action as editAction, loader as editLoader } from "./companies.$companyId.edit";
import { action as teamAction, loader as teamLoader } from "./companies.$companyId.team";
import { action as newAction } from "./companies.new";
import { loader as reviewsLoader } from "./admin.reviews";
import { action as staffCompanyAction, loader as staffCompanyLoader } from "./admin.companies.$companyId";
import { loader as staffCompaniesLoader } from "./admin.companies._index";
import { action as importAction, loader as importLoader } from "./admin.import";
import { action as uploadAction } from "./admin.import.upload";
import { loader as exportLoader } from "./admin.export[.]csv";
import type { FormErrors } from "~/utils/form";

const SECRET = { contactName: "Very Secret Person", contactEmail: "very.secret@contact.example" };

async function listedCompany() {
  const owner = await signedIn();
  const staff = await makeUser({ role: "staff" });
  const created = createCompany({
    userId: owner.user.id,
    profile: profileDraftSchema.parse({
      name: "Route Test Cloud 路由测试",
      country: "CN",
      sectors: ["cloud"],
      offers: ["cloud.iaas"],
      needs: ["role.distribution"],
      ...SECRET,
    }),
    submit: true,
  });
  if (!created.ok) throw new Error(created.reason);
  approveProfile({ companyId: created.companyId, staffUserId: staff.id });
  return { owner, companyId: created.companyId };
}

describe("another firm", () => {
  it("sees the listing without contact details in the loader data", async () => {
    const { companyId } = await listedCompany();
    const other = await signedIn();
    const page = await pageLoader({ request: getRequest(`/companies/${companyId}`, { cookie: other.cookie }), ...ctx({ companyId: String(companyId) }) });
    const directory = await directoryLoader({ request: getRequest(`/companies?q=${encodeURIComponent("路由测试")}`, { cookie: other.cookie }), ...ctx() });
    expect(page.company.name).toBe("Route Test Cloud 路由测试");
    expect(directory.result!.companies.map((c) => c.id)).toEqual([companyId]);
    for (const data of [page, directory]) {
      expect(JSON.stringify(data)).not.toContain(SECRET.contactEmail);
      expect(JSON.stringify(data)).not.toContain(SECRET.contactName);
    }
  });

  it("is told that a search over the length limit is too long, and sees no firms instead of all of them", async () => {
    await listedCompany();
    const other = await signedIn();
    const long = "云".repeat(201);
    const refused = await directoryLoader({ request: getRequest(`/companies?q=${encodeURIComponent(long)}`, { cookie: other.cookie }), ...ctx() });
    expect(refused).toMatchObject({
      errors: { fieldErrors: { q: ["directory.q.tooLong"] }, params: { q: { max: 200 } } },
      result: null,
      query: { q: long },
    });
    const fits = await directoryLoader({ request: getRequest(`/companies?q=${encodeURIComponent("云".repeat(200))}`, { cookie: other.cookie }), ...ctx() });
    expect(fits.errors).toBeNull();
    expect(fits.result!.companies).toEqual([]);
    expect(getT("en")("directory.q.tooLong", { max: 200 })).toBe("Shorten your search to 200 characters or fewer: nothing was searched for.");
    expect(getT("zh")("directory.q.tooLong", { max: 200 })).toContain("200");
  });

  it("gets 404 for the profile's edit and team pages and their actions, as for a missing company", async () => {
    const { companyId } = await listedCompany();
    const other = await signedIn();
    const params = { companyId: String(companyId) };
    const cookie = other.cookie;
    expect((await thrown(editLoader({ request: getRequest(`/companies/${companyId}/edit`, { cookie }), ...ctx(params) }))).status).toBe(404);
    expect((await thrown(teamLoader({ request: getRequest(`/companies/${companyId}/team`, { cookie }), ...ctx(params) }))).status).toBe(404);
    const edit = formRequest(`/companies/${companyId}/edit`, { intent: "save", name: "Hijacked", country: "TH" }, { cookie });
    expect((await thrown(editAction({ request: edit, ...ctx(params) }))).status).toBe(404);
    const invite = formRequest(`/companies/${companyId}/team`, { email: "x@evil.test" }, { cookie });
    expect((await thrown(teamAction({ request: invite, ...ctx(params) }))).status).toBe(404);
    for (const id of ["99999999", "abc", "1e3"]) {
      expect((await thrown(editLoader({ request: getRequest(`/companies/${id}/edit`, { cookie }), ...ctx({ companyId: id }) }))).status).toBe(404);
    }
  });

  it("reach the owner's own pages only by the id written one way (0-padded, signed or exponent ids are 404)", async () => {
    const { owner, companyId } = await listedCompany();
    const cookie = owner.cookie;
    expect((await editLoader({ request: getRequest(`/companies/${companyId}/edit`, { cookie }), ...ctx({ companyId: String(companyId) }) })).company.id).toBe(
      companyId,
    );
    for (const id of [`0${companyId}`, `+${companyId}`, `${companyId}.0`, "0", "-1"]) {
      expect((await thrown(editLoader({ request: getRequest(`/companies/${id}/edit`, { cookie }), ...ctx({ companyId: id }) }))).status, id).toBe(404);
      expect((await thrown(teamLoader({ request: getRequest(`/companies/${id}/team`, { cookie }), ...ctx({ companyId: id }) }))).status, id).toBe(404);
    }
    // The public page too (it read the id with Number(), which took "012" and " 12").
    expect((await pageLoader({ request: getRequest(`/companies/${companyId}`, { cookie }), ...ctx({ companyId: String(companyId) }) })).company.id).toBe(
      companyId,
    );
    for (const id of [`0${companyId}`, `+${companyId}`, `${companyId}.0`, ` ${companyId}`, "0", "-1"]) {
      expect((await thrown(pageLoader({ request: getRequest(`/companies/${id}`, { cookie }), ...ctx({ companyId: id }) }))).status, id).toBe(404);
    }
  });

  it("cannot smuggle a status into a profile", async () => {
    const member = await signedIn();
    const request = formRequest("/companies/new", { intent: "save", name: "Smuggler Ltd", country: "TH", status: "approved" }, { cookie: member.cookie });
    const result = (await newAction({ request, ...ctx() })) as unknown as { init: { status: number }; data: { errors: FormErrors } };
    expect(result.init.status).toBe(400);
    expect(result.data.errors.fieldErrors.status).toEqual(["errors.company.unknownField"]);
  });
});

// Found by fuzzing (tests/fuzz/profile.test.ts).
describe("a hostile profile form", () => {
  it("gets an error for a field named like an Object method, and for __proto__", async () => {
    const member = await signedIn();
    for (const field of ["toString", "constructor", "__proto__"]) {
      const request = formRequest("/companies/new", { intent: "save", name: "Smuggler Ltd", country: "TH", [field]: "x" }, { cookie: member.cookie });
      const result = (await newAction({ request, ...ctx() })) as unknown as { init: { status: number }; data: { errors: FormErrors } };
      expect(result.init.status).toBe(400);
      const errors = JSON.parse(JSON.stringify(result.data.errors)) as FormErrors;
      expect({ key: errors.fieldErrors[field]?.[0], params: errors.params?.[field] }).toEqual({ key: "errors.company.unknownField", params: { value: field } });
    }
  });

  it("answers a body that is no form with 400, not 500", async () => {
    const member = await signedIn();
    const request = new Request("http://bridge.test/companies/new", {
      method: "POST",
      headers: { host: "bridge.test", origin: "http://bridge.test", cookie: member.cookie, "content-type": "multipart/form-data; boundary=XyZ" },
      body: "not multipart",
    });
    expect((await thrown(newAction({ request, ...ctx() }))).status).toBe(400);
  });
});

describe("staff pages", () => {
  it("refuse members in every loader and action, and anonymous visitors are sent to sign in", async () => {
    const { owner, companyId } = await listedCompany();
    const params = { companyId: String(companyId) };
    const cookie = owner.cookie;
    const loaders = [
      () => reviewsLoader({ request: getRequest("/admin/reviews", { cookie }), ...ctx() }),
      () => staffCompaniesLoader({ request: getRequest("/admin/companies", { cookie }), ...ctx() }),
      () => staffCompanyLoader({ request: getRequest(`/admin/companies/${companyId}`, { cookie }), ...ctx(params) }),
      () => importLoader({ request: getRequest("/admin/import", { cookie }), ...ctx() }),
      () => exportLoader({ request: getRequest("/admin/export.csv", { cookie }), ...ctx() }),
      () => staffCompanyAction({ request: formRequest(`/admin/companies/${companyId}`, { intent: "suspend" }, { cookie }), ...ctx(params) }),
      () => importAction({ request: formRequest("/admin/import", {}, { cookie }), ...ctx() }),
      () => uploadAction({ request: formRequest("/admin/import/upload", {}, { cookie }), ...ctx() }),
    ];
    for (const call of loaders) expect((await thrown(call())).status).toBe(403);
    const anonymous = await thrown(staffCompanyAction({ request: formRequest(`/admin/companies/${companyId}`, { intent: "approve" }), ...ctx(params) }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("see the contact and can suspend; a cross-origin form is refused", async () => {
    const { companyId } = await listedCompany();
    const staff = await signedIn({ role: "staff" });
    const params = { companyId: String(companyId) };
    const page = await staffCompanyLoader({ request: getRequest(`/admin/companies/${companyId}`, { cookie: staff.cookie }), ...ctx(params) });
    expect(page.company.profile.contactEmail).toBe(SECRET.contactEmail);
    const evil = formRequest(`/admin/companies/${companyId}`, { intent: "suspend" }, { cookie: staff.cookie, origin: "https://evil.example" });
    expect((await thrown(staffCompanyAction({ request: evil, ...ctx(params) }))).status).toBe(403);
    const ok = (await staffCompanyAction({
      request: formRequest(`/admin/companies/${companyId}`, { intent: "suspend", returnTo: "/admin/companies" }, { cookie: staff.cookie }),
      ...ctx(params),
    })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/admin/companies?done=suspended");
  });
});

// Issue 13: names with line breaks became fake header lines in e-mail; unreviewed firms sent mail in bulk.
describe("names with line breaks or control characters", () => {
  type Refused = { init: { status: number }; data: { errors: FormErrors } };
  const HOSTILE = "Mallory\r\nBcc: x@y";

  it("are refused in a new profile, naming the field, and nothing is written", async () => {
    const member = await signedIn();
    for (const [field, key] of [
      ["name", "errors.company.lineBreak.name"],
      ["localName", "errors.company.lineBreak.localName"],
      ["contactName", "errors.company.lineBreak.contactName"],
    ] as const) {
      const fields = { intent: "save", name: "Fine Firm", country: "TH", [field]: HOSTILE };
      const result = (await newAction({ request: formRequest("/companies/new", fields, { cookie: member.cookie }), ...ctx() })) as unknown as Refused;
      expect(result.init.status, field).toBe(400);
      expect(result.data.errors.fieldErrors[field]?.[0]).toBe(key);
    }
    expect(getMembership({ userId: member.user.id })).toBeNull();
    expect(getT("en")("errors.company.lineBreak.contactName")).toContain("contact person's name");
    expect(getT("zh")("errors.company.lineBreak.contactName")).toContain("联系人姓名");
  });

  it("are refused when a profile is edited, and the profile stays as it was", async () => {
    const { owner, companyId } = await listedCompany();
    const params = { companyId: String(companyId) };
    for (const [field, value] of [
      ["name", HOSTILE],
      ["contactName", HOSTILE],
      ["contactName", "Tab\tName"],
      ["name", "Nul\u0000Firm"],
    ] as const) {
      const fields = {
        intent: "save",
        name: "Route Test Cloud 路由测试",
        country: "CN",
        sectors: "cloud",
        offers: "cloud.iaas",
        needs: "role.distribution",
        [field]: value,
      };
      const result = (await editAction({
        request: formRequest(`/companies/${companyId}/edit`, fields, { cookie: owner.cookie }),
        ...ctx(params),
      })) as unknown as Refused;
      expect(result.init.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      expect(result.data.errors.fieldErrors[field]?.[0]).toBe(`errors.company.lineBreak.${field}`);
    }
    expect(getOwnCompany({ companyId, userId: owner.user.id })!.profile).toMatchObject({ name: "Route Test Cloud 路由测试", contactName: SECRET.contactName });
  });
});

describe("the owner of an approved profile", () => {
  it("saves a draft with “Save draft” and is told the listing stays as it is; “Submit” puts a minor change live", async () => {
    const { owner, companyId } = await listedCompany();
    const params = { companyId: String(companyId) };
    const fields = {
      name: "Route Test Cloud 路由测试",
      country: "CN",
      city: "Guilin",
      sectors: "cloud",
      offers: "cloud.iaas",
      needs: "role.distribution",
      ...SECRET,
    };
    const saved = (await editAction({
      request: formRequest(`/companies/${companyId}/edit`, { ...fields, intent: "save" }, { cookie: owner.cookie }),
      ...ctx(params),
    })) as Response;
    expect(saved.headers.get("location")).toBe(`/companies/${companyId}/edit?saved=savedBesideListing`);
    const other = await signedIn();
    const page = () => pageLoader({ request: getRequest(`/companies/${companyId}`, { cookie: other.cookie }), ...ctx(params) });
    expect((await page()).company.city).toBeNull();
    expect(getOwnCompany({ companyId, userId: owner.user.id })).toMatchObject({ hasUnpublishedChanges: true, profile: { city: "Guilin" } });
    expect(getT("en")("companies.edit.savedBesideListing")).toContain("Other firms still see your approved profile as it was");
    expect(getT("zh")("companies.edit.savedBesideListing")).toContain("其他企业看到的仍是您原来已批准的资料");

    const submitted = (await editAction({
      request: formRequest(`/companies/${companyId}/edit`, { ...fields, intent: "submit" }, { cookie: owner.cookie }),
      ...ctx(params),
    })) as Response;
    expect(submitted.headers.get("location")).toBe(`/companies/${companyId}/edit?saved=published`);
    expect((await page()).company.city).toBe("Guilin");
  });
});

describe("the team page's invitation limits", () => {
  type Refused = { init: { status: number }; data: { refusal: { key: MessageKey; params: Record<string, string | number> } } };

  it("shows each refusal as a translated message with its numbers, and sends nothing more", async () => {
    const owner = await signedInVerified({ email: `boss-${Date.now()}@own-firm.example` });
    const created = createCompany({ userId: owner.user.id, profile: profileDraftSchema.parse({ name: "Unreviewed Team Firm", country: "VN" }), submit: false });
    if (!created.ok) throw new Error(created.reason);
    const params = { companyId: String(created.companyId) };
    const invite = (email: string) =>
      teamAction({ request: formRequest(`/companies/${created.companyId}/team`, { email }, { cookie: owner.cookie }), ...ctx(params) });

    expect(((await invite("victim@target.example")) as Response).status).toBe(302);
    const again = (await invite("victim@target.example")) as unknown as Refused;
    expect(again.init.status).toBe(409);
    expect(again.data.refusal.key).toBe("companies.team.alreadyInvited");
    for (const email of ["two@other.example", "three@other.example"]) expect(((await invite(email)) as Response).status).toBe(302);
    const fourth = (await invite("four@other.example")) as unknown as Refused;
    expect(fourth.init.status).toBe(403);
    expect(fourth.data.refusal).toEqual({ key: "companies.team.unreviewedLimit", params: { limit: 3, domain: "own-firm.example" } });
    for (const [locale, words] of [
      ["en", "at most 3 people at other addresses"],
      ["zh", "其他地址最多只能邀请 3 人"],
    ] as const) {
      const text = getT(locale)(fourth.data.refusal.key, fourth.data.refusal.params);
      expect(text).toContain(words);
      expect(text).toContain("@own-firm.example");
      expect(text).not.toMatch(/\{\w+\}/);
    }
    // The owner's own domain is still open to the firm.
    expect(((await invite("colleague@own-firm.example")) as Response).status).toBe(302);
    const team = await teamLoader({ request: getRequest(`/companies/${created.companyId}/team`, { cookie: owner.cookie }), ...ctx(params) });
    expect(team.invitations).toHaveLength(4);
  });
});

describe("the team page's changes", () => {
  async function firm() {
    const owner = await signedInVerified();
    const member = await signedInVerified();
    const companyId = makeListedCompany({ members: [owner.user.id, member.user.id] });
    return { owner, member, companyId, params: { companyId: String(companyId) } };
  }
  const post = (companyId: number, fields: Record<string, string>, cookie: string) => formRequest(`/companies/${companyId}/team`, fields, { cookie });

  it("lets the owner remove a member, hand over ownership and revoke an invitation, each with its notice", async () => {
    const { owner, member, companyId, params } = await firm();
    const invited = (await teamAction({ request: post(companyId, { email: "new-hire@route-team.example" }, owner.cookie), ...ctx(params) })) as Response;
    expect(invited.status).toBe(302);
    const { invitations } = await teamLoader({ request: getRequest(`/companies/${companyId}/team`, { cookie: owner.cookie }), ...ctx(params) });
    const revoked = (await teamAction({
      request: post(companyId, { intent: "revoke", invitationId: String(invitations[0].id) }, owner.cookie),
      ...ctx(params),
    })) as Response;
    expect(revoked.headers.get("Location")).toBe(`/companies/${companyId}/team?revoked=1`);
    const handed = (await teamAction({ request: post(companyId, { intent: "transfer", userId: member.user.id }, owner.cookie), ...ctx(params) })) as Response;
    expect(handed.headers.get("Location")).toBe(`/companies/${companyId}/team?transferred=1`);
    // The new owner removes the former one; the team and its open invitations are what is left.
    const removed = (await teamAction({ request: post(companyId, { intent: "remove", userId: owner.user.id }, member.cookie), ...ctx(params) })) as Response;
    expect(removed.headers.get("Location")).toBe(`/companies/${companyId}/team?removed=1`);
    const team = await teamLoader({ request: getRequest(`/companies/${companyId}/team`, { cookie: member.cookie }), ...ctx(params) });
    expect(team.members.map((m) => [m.userId, m.role])).toEqual([[member.user.id, "owner"]]);
    expect(team.invitations).toEqual([]);
  });

  it("refuses the last owner leaving, and an invitation to oneself, in words of both languages", async () => {
    const { owner, companyId, params } = await firm();
    const leave = asData<{ errors: FormErrors }>(
      await teamAction({ request: post(companyId, { intent: "remove", userId: owner.user.id }, owner.cookie), ...ctx(params) }),
    );
    expect(leave.init?.status).toBe(409);
    expect(leave.data.errors.formErrors).toEqual(["companies.team.lastOwner"]);
    const self = asData<{ errors: FormErrors }>(
      await teamAction({ request: post(companyId, { email: owner.user.email.toUpperCase() }, owner.cookie), ...ctx(params) }),
    );
    expect(self.init?.status).toBe(400);
    expect(self.data.errors.fieldErrors.email).toEqual(["companies.team.self"]);
    const empty = asData<{ errors: FormErrors }>(await teamAction({ request: post(companyId, { email: "  " }, owner.cookie), ...ctx(params) }));
    expect(empty.data.errors.fieldErrors.email).toEqual(["errors.email.required"]);
    for (const locale of ["en", "zh"] as const) {
      for (const key of ["companies.team.lastOwner", "companies.team.self", "errors.email.required"] as const) {
        expect(getT(locale)(key)).not.toBe(key);
      }
    }
  });

  it("gets 403 for a member who is not the owner, and 404 for another firm's member or invitation", async () => {
    const { owner, member, companyId, params } = await firm();
    const other = await firm();
    for (const fields of <Record<string, string>[]>[
      { intent: "remove", userId: owner.user.id },
      { intent: "transfer", userId: member.user.id },
      { intent: "revoke", invitationId: "1" },
    ]) {
      expect((await thrown(teamAction({ request: post(companyId, fields, member.cookie), ...ctx(params) }))).status).toBe(403);
    }
    const invited = (await teamAction({
      request: post(other.companyId, { email: "their-hire@route-team.example" }, other.owner.cookie),
      ...ctx(other.params),
    })) as Response;
    expect(invited.status).toBe(302);
    const { invitations } = await teamLoader({
      request: getRequest(`/companies/${other.companyId}/team`, { cookie: other.owner.cookie }),
      ...ctx(other.params),
    });
    for (const fields of <Record<string, string>[]>[
      { intent: "remove", userId: other.member.user.id },
      { intent: "transfer", userId: other.member.user.id },
      { intent: "revoke", invitationId: String(invitations[0].id) },
    ]) {
      expect((await thrown(teamAction({ request: post(companyId, fields, owner.cookie), ...ctx(params) }))).status).toBe(404);
      // Nor through the other firm's own address, by someone who is not its member.
      expect((await thrown(teamAction({ request: post(other.companyId, fields, owner.cookie), ...ctx(other.params) }))).status).toBe(404);
    }
    const theirs = await teamLoader({ request: getRequest(`/companies/${other.companyId}/team`, { cookie: other.owner.cookie }), ...ctx(other.params) });
    expect(theirs.members).toHaveLength(2);
    expect(theirs.invitations).toHaveLength(1);
  });
});
