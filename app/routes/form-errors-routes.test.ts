// The one error shape with parameters, as the company forms answer and show it.
import { describe, expect, it } from "vitest";
import { LIMITS } from "~/modules/companies/limits";
import type { FormErrors } from "~/utils/form";
import { ctx, formRequest, signedIn } from "../../tests/factories";
import { renderPage } from "../../tests/render";
import NewCompany, { action as newAction } from "./companies.new";

type Refused = { init: { status: number }; data: { errors: FormErrors; values: Record<string, string | string[]> } };

describe("a profile form with a field over its limit", () => {
  it("answers 400 with the key and its {max}, echoes the values (lists too), and the page shows the message filled in", async () => {
    const member = await signedIn();
    const long = "Acme ".repeat(60).trim();
    expect(long.length).toBeGreaterThan(LIMITS.name);
    const body = new URLSearchParams([
      ["intent", "save"],
      ["name", long],
      ["country", "TH"],
      ["city", "Bangkok"],
      ["sectors", "cloud"],
      ["offers", "cloud.iaas"],
      ["offers", "role.distribution"],
    ]);
    const request = formRequest("/companies/new", Object.fromEntries(body), { cookie: member.cookie });
    // formRequest takes one value a name: write the repeated checkbox ourselves.
    const repeated = new Request(request.url, { method: "POST", headers: request.headers, body });
    const result = (await newAction({ request: repeated, ...ctx() })) as unknown as Refused;
    expect(result.init.status).toBe(400);
    expect(result.data.errors.fieldErrors.name).toEqual(["errors.company.tooLong"]);
    expect(result.data.errors.params?.name).toMatchObject({ max: LIMITS.name });
    expect(result.data.values).toMatchObject({ name: long, country: "TH", city: "Bangkok", sectors: "cloud", offers: ["cloud.iaas", "role.distribution"] });

    const html = await renderPage({ url: "/companies/new", routePath: "companies/new", Component: NewCompany, loaderData: {}, actionData: result.data });
    expect(html).toContain(`Shorten this to ${LIMITS.name} characters or fewer`);
    expect(html).not.toMatch(/\{max\}/);
    expect(html).toContain(`value="${long}"`);
    expect(html).toContain('value="Bangkok"');
    for (const code of ["cloud.iaas", "role.distribution"])
      expect(html).toMatch(new RegExp(`value="${code.replace(".", "\\.")}"[^>]*checked|checked[^>]*value="${code.replace(".", "\\.")}"`));
  });
});
