import { describe, expect, it } from "vitest";
import { getMessages } from "~/modules/i18n/locales.server";
import { renderPage } from "../../tests/render";
import { noticeKey, QueryNotice } from "./notice";

const DONE = { approved: "staffCompany.done.approved", restored: "staffCompany.done.restored" } as const;
const HOSTILE = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "x".repeat(10_000), "", "approved ", "APPROVED"];

describe("noticeKey", () => {
  it("names the message of a known value, or of any value for a single message", () => {
    expect(noticeKey(DONE, "approved")).toBe("staffCompany.done.approved");
    expect(noticeKey("mail.retried", "1")).toBe("mail.retried");
    expect(noticeKey("mail.retried", "anything")).toBe("mail.retried");
  });

  it.each(HOSTILE)("names nothing for %j", (value) => {
    expect(noticeKey(DONE, value)).toBeUndefined();
  });

  it("names nothing for what is not a string: a missing value, an array, an object", () => {
    for (const value of [null, undefined, ["approved"], { approved: 1 }, 1, true]) {
      expect(noticeKey(DONE, value), JSON.stringify(value)).toBeUndefined();
      expect(noticeKey("mail.retried", value), JSON.stringify(value)).toBeUndefined();
    }
    expect(noticeKey("mail.retried", "")).toBeUndefined();
  });
});

function Page() {
  return (
    <main>
      <h1>Page</h1>
      <QueryNotice name="done" keys={DONE} />
    </main>
  );
}

const render = (query: string) => renderPage({ url: `/page${query}`, routePath: "page", Component: Page, loaderData: {} });
const en = getMessages("en");

describe("QueryNotice", () => {
  it("shows the translated message a redirect asked for", async () => {
    const html = await render("?done=approved");
    expect(html).toContain('role="status"');
    expect(html).toContain(en["staffCompany.done.approved"]);
  });

  it.each([...HOSTILE.map((v) => `?done=${encodeURIComponent(v)}`), "?done=__proto__&done=restored", "?done[]=approved", "?other=approved", ""])(
    "shows nothing, and no raw key, for %s",
    async (query) => {
      const html = await render(query);
      expect(html).not.toContain('role="status"');
      expect(html).not.toContain("staffCompany.done");
      expect(html).not.toContain("[object");
    },
  );

  it("reads the first of repeated values, as the routes did", async () => {
    expect(await render("?done=restored&done=approved")).toContain(en["staffCompany.done.restored"]);
  });
});
