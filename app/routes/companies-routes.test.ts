// The companies' routes called as Remix calls them: guards first, 404 for another firm's
// profile, no contact details in any loader data another firm receives.
import { describe, expect, it } from "vitest";
import { approveProfile, createCompany } from "~/modules/companies/companies.server";
import { profileDraftSchema } from "~/modules/companies/schemas";
import { ctx, formRequest, getRequest, makeUser, signedIn, thrown } from "../../tests/factories";
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

const SECRET = { contactName: "Very Secret Person", contactEmail: "very.secret@contact.example" };

async function listedCompany() {
  const owner = await signedIn();
  const staff = await makeUser({ role: "staff" });
  const created = createCompany({
    userId: owner.user.id,
    profile: profileDraftSchema.parse({ name: "Route Test Cloud 路由测试", country: "CN", sectors: ["cloud"], offers: ["cloud.iaas"], needs: ["role.distribution"], ...SECRET }),
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
    expect(directory.result.companies.map((c) => c.id)).toEqual([companyId]);
    for (const data of [page, directory]) {
      expect(JSON.stringify(data)).not.toContain(SECRET.contactEmail);
      expect(JSON.stringify(data)).not.toContain(SECRET.contactName);
    }
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

  it("cannot smuggle a status into a profile", async () => {
    const member = await signedIn();
    const request = formRequest("/companies/new", { intent: "save", name: "Smuggler Ltd", country: "TH", status: "approved" }, { cookie: member.cookie });
    const result = (await newAction({ request, ...ctx() })) as unknown as { init: { status: number }; data: { errors: Record<string, { key: string }> } };
    expect(result.init.status).toBe(400);
    expect(result.data.errors.status.key).toBe("errors.company.unknownField");
  });
});

// Found by fuzzing (tests/fuzz/profile.test.ts).
describe("a hostile profile form", () => {
  it("gets an error for a field named like an Object method, and for __proto__", async () => {
    const member = await signedIn();
    for (const field of ["toString", "constructor", "__proto__"]) {
      const request = formRequest("/companies/new", { intent: "save", name: "Smuggler Ltd", country: "TH", [field]: "x" }, { cookie: member.cookie });
      const result = (await newAction({ request, ...ctx() })) as unknown as { init: { status: number }; data: { errors: Record<string, { key: string }> } };
      expect(result.init.status).toBe(400);
      expect(JSON.parse(JSON.stringify(result.data.errors))[field]).toEqual({ key: "errors.company.unknownField", params: { value: field } });
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
    const ok = (await staffCompanyAction({ request: formRequest(`/admin/companies/${companyId}`, { intent: "suspend", returnTo: "/admin/companies" }, { cookie: staff.cookie }), ...ctx(params) })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/admin/companies?done=suspended");
  });
});
