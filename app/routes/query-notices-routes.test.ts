// Banners named by the query string: anyone writes it, so a hostile value names nothing.
import { describe, expect, it } from "vitest";
import { renderPage } from "../../tests/render";
import Login from "./login";

const login = (query: string) => renderPage({ url: `/login${query}`, routePath: "login", Component: Login, loaderData: {} });

describe("the sign-in page's banners", () => {
  it("names why the code page sent the user back, and nothing for __proto__, constructor or toString", async () => {
    expect(await login("?twoFactor=expired")).toContain('role="alert"');
    for (const value of ["__proto__", "constructor", "toString", "hasOwnProperty", ""]) {
      const html = await login(`?twoFactor=${value}`);
      expect(html, value).not.toContain('role="alert"');
      expect(html, value).toContain('name="password"');
    }
  });

  it("shows the reset banner as the one notice", async () => {
    expect(await login("?reset=1")).toMatch(/<p role="status"[^>]*>[^<]+<\/p>/);
    expect(await login("")).not.toContain('role="status"');
    expect(await login("?reset=")).not.toContain('role="status"');
  });
});
