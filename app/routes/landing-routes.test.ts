// The landing page after sign-in or a confirmed address: a member without a firm reads its next
// step (create the profile, or be invited), not the marketing welcome; others see no such step.
import { describe, expect, it } from "vitest";
import { ctx, getRequest, makeListedCompany, signedIn, signedInVerified } from "../../tests/factories";
import { renderPage } from "../../tests/render";
import Landing, { loader } from "./_index";

type LandingData = Awaited<ReturnType<typeof loader>>;
const land = async (cookie?: string) => (await loader({ request: getRequest("/", { cookie }), ...ctx() })) as LandingData;

describe("landing page", () => {
  it("gives a member without a firm its next step, in English and Chinese, and nobody else", async () => {
    const newcomer = await signedInVerified({ name: "Mai Nguyen" });
    const data = await land(newcomer.cookie);
    expect(data).toEqual({ withoutFirm: { name: "Mai Nguyen", email: newcomer.user.email } });
    const en = await renderPage({ url: "/", routePath: "", Component: Landing, loaderData: data });
    expect(en).toContain("Welcome, Mai Nguyen: one step before your matches");
    expect(en).toContain('href="/companies/new"');
    expect(en).toContain("Create your firm's profile");
    expect(en).toContain(`ask its administrator to invite ${newcomer.user.email}`);
    expect(en).not.toContain("Welcome back");
    const zh = await renderPage({ url: "/", routePath: "", Component: Landing, loaderData: data, locale: "zh" });
    expect(zh).toContain("创建贵企业的资料");
    expect(zh).toContain(newcomer.user.email);

    const member = await signedInVerified();
    makeListedCompany({ members: [member.user.id] });
    expect(await land(member.cookie)).toEqual({ withoutFirm: null });
    const staff = await signedIn({ role: "staff" });
    expect(await land(staff.cookie)).toEqual({ withoutFirm: null });
    expect(await land()).toEqual({ withoutFirm: null });
    expect(await renderPage({ url: "/", routePath: "", Component: Landing, loaderData: { withoutFirm: null } })).not.toContain("/companies/new");
  });
});
