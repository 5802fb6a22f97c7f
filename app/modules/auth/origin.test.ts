import { afterEach, describe, expect, it } from "vitest";
import { resetEnv } from "~/env.server";
import { isSameOriginRequest } from "./origin.server";

const req = (over: Partial<Parameters<typeof isSameOriginRequest>[0]>) => ({
  method: "POST",
  origin: undefined,
  referer: undefined,
  protocol: "http",
  host: "bridge.test",
  ...over,
});

afterEach(() => {
  delete process.env.BASE_URL;
  resetEnv();
});

describe("isSameOriginRequest", () => {
  it("lets safe methods through", () => {
    expect(isSameOriginRequest(req({ method: "GET", origin: "https://evil.example" }))).toBe(true);
  });

  it("accepts the site's own origin and refuses any other", () => {
    expect(isSameOriginRequest(req({ origin: "http://bridge.test" }))).toBe(true);
    expect(isSameOriginRequest(req({ origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(req({ origin: "https://bridge.test" }))).toBe(false);
    expect(isSameOriginRequest(req({ origin: "null" }))).toBe(false);
  });

  it("falls back to the Referer, and refuses a request with neither", () => {
    expect(isSameOriginRequest(req({ referer: "http://bridge.test/login" }))).toBe(true);
    expect(isSameOriginRequest(req({ referer: "https://evil.example/x" }))).toBe(false);
    expect(isSameOriginRequest(req({ referer: "not a url" }))).toBe(false);
    expect(isSameOriginRequest(req({}))).toBe(false);
  });

  it("uses BASE_URL when set, whatever Host says", () => {
    process.env.BASE_URL = "https://bridge.example.org";
    resetEnv();
    expect(isSameOriginRequest(req({ origin: "https://bridge.example.org", host: "evil.example" }))).toBe(true);
    expect(isSameOriginRequest(req({ origin: "https://evil.example", host: "evil.example", protocol: "https" }))).toBe(false);
  });
});
