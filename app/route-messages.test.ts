// Every word a page shows reaches it: for each route module, every message key that its code —
// the route file and the client-safe files it imports, transitively — names as a string, and every
// family of keys it builds at runtime (`companies.status.${status}`), is covered by the namespaces
// of the route, its parents and the root (docs/decisions/0008-messages-per-route.md).
import fs from "node:fs";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";
import { coversKey, ROUTE_MESSAGES, type I18nHandle } from "~/modules/i18n/i18n";
import en from "~/modules/i18n/locales/en.json";
import { messagesFor, supportedLocales } from "~/modules/i18n/locales.server";
import { withRouteMessages } from "./route-messages.server";

const APP = path.resolve("app");
const KEYS = Object.keys(en);
// A count's message is named by its base key (`t("directory.results", { count })`), its forms are `.one`, `.other`, ….
const KEY_SET = new Set([...KEYS, ...KEYS.filter((k) => k.endsWith(".other")).map((k) => k.slice(0, -".other".length))]);

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.join(APP, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (/\.tsx?$/.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null; // JSON, CSS
}

/** The file and the client-safe files it imports (not `import type`, not `.server` files), transitively. */
function uiFiles(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = fs.readFileSync(entry, "utf8");
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+"([^"]+)"/gms)) {
    if (m[1]) continue;
    const file = resolveImport(entry, m[2]);
    if (file && !/\.server\.tsx?$/.test(file) && file !== entry) uiFiles(file, seen);
  }
  return seen;
}

/** The keys a file names: string literals that are keys, and key families of template literals. */
function namedKeys(file: string): { keys: string[]; families: string[] } {
  const source = fs.readFileSync(file, "utf8");
  const keys = [...source.matchAll(/["'`]([A-Za-z][\w-]*(?:\.[\w-]+)+)["'`]/g)].map((m) => m[1]).filter((k) => KEY_SET.has(k));
  const families = [...source.matchAll(/`([A-Za-z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)].map((m) => m[1]);
  return { keys, families };
}

const routes = Object.values(flatRoutes("app", ["**/.*", "**/*.test.{ts,tsx}"]));
const byId = new Map(routes.map((r) => [r.id, r]));
const modules = new Map<string, { handle?: I18nHandle; default?: unknown; loader?: unknown }>();
for (const id of ["root", ...routes.map((r) => r.id)]) {
  const file = id === "root" ? "root.tsx" : byId.get(id)!.file;
  modules.set(id, await import(/* @vite-ignore */ path.join(APP, file)));
}
const FAMILIES = new Set(
  [...new Set([...modules.keys()].flatMap((id) => [...uiFiles(path.join(APP, id === "root" ? "root.tsx" : byId.get(id)!.file))]))].flatMap((f) =>
    namedKeys(f).families.map((family) => family.slice(0, -1)),
  ),
);
const namespacesOf = (id: string) => modules.get(id)?.handle?.i18n ?? [];

/** The namespaces a route's page receives: its own, its parents', the root's. */
function received(id: string): string[] {
  const out = [...namespacesOf(id)];
  for (
    let parent = id === "root" ? undefined : (byId.get(id)?.parentId ?? "root");
    parent;
    parent = parent === "root" ? undefined : (byId.get(parent)?.parentId ?? "root")
  )
    out.push(...namespacesOf(parent));
  return out;
}

describe("messages per route", () => {
  const pages = ["root", ...routes.filter((r) => modules.get(r.id)?.default).map((r) => r.id)];

  it.each(pages)("%s receives every key its code names", (id) => {
    const file = path.join(APP, id === "root" ? "root.tsx" : byId.get(id)!.file);
    const namespaces = received(id);
    const missing = new Set<string>();
    for (const f of uiFiles(file)) {
      const { keys, families } = namedKeys(f);
      for (const key of keys) if (!coversKey(namespaces, key)) missing.add(`${key} (${path.relative(APP, f)})`);
      // A family is covered as a whole, so a key added to it later reaches the page too.
      for (const family of families) if (!coversKey(namespaces, family.slice(0, -1))) missing.add(`${family}… (${path.relative(APP, f)})`);
    }
    expect([...missing].sort()).toEqual([]);
  });

  it("names only namespaces that exist, and gives every page with words a loader to carry them", () => {
    for (const [id, module] of modules) {
      // A family built at runtime may have no key in English yet (the taxonomy's labels, which a locale may override).
      for (const ns of namespacesOf(id)) expect(KEYS.some((k) => coversKey([ns], k)) || FAMILIES.has(ns), `${id}: ${ns}`).toBe(true);
      if (namespacesOf(id).length) expect(module.loader, `${id} declares words but has no loader`).toBeTypeOf("function");
    }
  });

  it("sends no page the e-mail texts", () => {
    for (const id of pages)
      expect(
        received(id).filter((ns) => ns === "email" || ns.startsWith("email.")),
        id,
      ).toEqual([]);
  });
});

describe("withRouteMessages", () => {
  const request = () => new Request("http://bridge.test/x", { headers: { "accept-language": "zh" } });
  const build = (loader: () => unknown, handle: I18nHandle | undefined = { i18n: ["landing"] }, page: unknown = () => null) =>
    withRouteMessages({ routes: { r: { id: "r", path: "x", module: { default: page, loader, handle } } } } as never).routes.r.module.loader as (
      args: object,
    ) => Promise<unknown>;
  const args = () => ({ request: request(), context: {}, params: {} });

  it("attaches the route's namespaces in the request's language to plain data, null and data()", async () => {
    const zh = messagesFor("zh", ["landing"]);
    expect(Object.keys(zh).every((k) => k.startsWith("landing."))).toBe(true);
    expect(await build(() => ({ a: 1 }))(args())).toEqual({ a: 1, [ROUTE_MESSAGES]: zh });
    expect(await build(() => null)(args())).toEqual({ [ROUTE_MESSAGES]: zh });
    const withInit = (await build(() => ({ type: "DataWithResponseInit", data: { b: 2 }, init: { status: 400 } }))(args())) as { data: object; init: object };
    expect(withInit).toEqual({ type: "DataWithResponseInit", data: { b: 2, [ROUTE_MESSAGES]: zh }, init: { status: 400 } });
  });

  it("passes responses through and leaves resource routes and routes without namespaces alone", async () => {
    const redirect = new Response(null, { status: 302, headers: { Location: "/" } });
    expect(await build(() => redirect)(args())).toBe(redirect);
    const loader = () => "ok";
    expect(build(loader, { i18n: ["landing"] }, null)).toBe(loader);
    expect(build(loader, {})).toBe(loader);
  });

  it("gives every language the same keys, so a new language makes no page heavier", () => {
    const en = Object.keys(messagesFor("en", ["matches", "nav"])).sort();
    for (const code of supportedLocales()) expect(Object.keys(messagesFor(code, ["matches", "nav"])).sort(), code).toEqual(en);
  });
});
