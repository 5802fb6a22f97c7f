import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasLineBreak, redirectToOf, safeRedirect } from "./redirect";

const ORIGIN = "http://bridge.test";
const runs = { numRuns: 2000, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined };

describe("safeRedirect", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeRedirect("/account?x=1")).toBe("/account?x=1");
    expect(safeRedirect("/matches/12#why")).toBe("/matches/12#why");
    expect(safeRedirect("  /account  ")).toBe("/account");
    expect(safeRedirect("/a\tb")).toBe("/ab");
    expect(safeRedirect("/公司")).toBe("/%E5%85%AC%E5%8F%B8");
  });

  it("refuses what a browser reads as another site, however it is spelt", () => {
    for (const to of [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/localhost:9999/pwned",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      " //evil.example",
      "\u0000//evil.example",
      "/\u000b/evil.example".replace("\u000b", "\t"),
      "/.//evil.example",
      "/./\\evil.example",
      "/..//evil.example",
      "/%2e//evil.example",
      "https://evil.example",
      "http://bridge.test@evil.example/",
      "https:evil.example",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "evil.example",
      "account",
      "",
    ]) {
      expect(safeRedirect(to), JSON.stringify(to)).toBe("/");
    }
    expect(safeRedirect(null, "/home")).toBe("/home");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File(["/x"], "x"))).toBe("/");
    expect(safeRedirect(`/${"a".repeat(5000)}`)).toBe("/");
  });

  // Inputs made of what open redirects are made of: slashes both ways, tabs and line breaks (raw
  // and percent-encoded), spaces and other controls, dots, @ and : and hosts.
  const piece = fc.constantFrom(
    "/",
    "\\",
    "\t",
    "\n",
    "\r",
    "%09",
    "%0a",
    "%0d",
    "%2f",
    "%5c",
    " ",
    "\u0000",
    "\u001f",
    "\u000c",
    "@",
    ":",
    ".",
    "..",
    "?",
    "#",
    "localhost:9999",
    "evil.example",
    "bridge.test",
    "http:",
    "https:",
    "javascript:",
    "pwned",
    "%2e",
  );
  const hostile = fc.array(piece, { minLength: 1, maxLength: 10 }).map((parts) => parts.join(""));

  it("never gives a target that leaves the origin (property, with browser-stripped characters)", () => {
    fc.assert(
      fc.property(hostile, (to) => {
        const out = safeRedirect(to);
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        expect(/[\u0000-\u0020\\]/.test(out)).toBe(false);
        expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
        // A browser reading the Location header cleans it first: still this site.
        expect(new URL(` ${out}\t`, ORIGIN).origin).toBe(ORIGIN);
        // Twice is once: the result is already what the browser will read.
        expect(safeRedirect(out)).toBe(out);
      }),
      runs,
    );
  });

  it("keeps every plain path as the browser would resolve it (property)", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.option(segment, { nil: undefined }), (segments, query) => {
        const path = `/${segments.join("/")}${query ? `?q=${query}` : ""}`;
        expect(safeRedirect(path)).toBe(path);
      }),
      runs,
    );
  });

  it("answers 400 for a line break in a submitted redirectTo", () => {
    expect(hasLineBreak("/a\r\nSet-Cookie: x=1")).toBe(true);
    expect(hasLineBreak("/a\tb")).toBe(false);
    const form = new FormData();
    form.set("redirectTo", "/account\r\nSet-Cookie: x=1");
    let thrown: unknown;
    try {
      redirectToOf(form);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    const ok = new FormData();
    ok.set("redirectTo", "/\t/localhost:9999/pwned");
    expect(redirectToOf(ok)).toBe("/");
  });
});
