// A route's page as the server first renders it (react-dom/server, no browser), inside a root
// route that carries the translations, with the checks axe would make first.
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { Outlet } from "@remix-run/react";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { expect } from "vitest";
import { ROUTE_MESSAGES } from "~/modules/i18n/i18n";
import { getMessages } from "~/modules/i18n/locales.server";

/**
 * The HTML of `Component` at `url` with the given loader data (and action data, as after a POST
 * that answered with it). Entities of quotes and ampersands are decoded: text as a reader sees it.
 */
export async function renderPage(input: {
  url: string;
  routePath: string;
  Component: ComponentType;
  loaderData: object;
  actionData?: object;
  locale?: string;
}) {
  const locale = input.locale ?? "en";
  const { actionData } = input;
  const handler = createStaticHandler([
    {
      id: "root",
      path: "/",
      loader: () => ({ i18n: { locale, locales: [] }, [ROUTE_MESSAGES]: getMessages(locale) }),
      element: createElement(Outlet),
      children: [
        {
          id: "page",
          path: input.routePath,
          loader: () => input.loaderData,
          action: actionData === undefined ? undefined : () => actionData,
          element: createElement(input.Component),
        },
      ],
    },
  ]);
  const request = new Request(`http://bridge.test${input.url}`, actionData === undefined ? undefined : { method: "POST", body: new URLSearchParams() });
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }));
  expectSoundMarkup(html);
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/**
 * What axe would check first, without a browser: one h1, unique ids, every field labelled,
 * every aria-describedby / aria-labelledby pointing at something, every table named by a caption
 * or an aria-label(ledby).
 */
export function expectSoundMarkup(html: string) {
  expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const field of html.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
    if (/type="(hidden|submit)"/.test(field[0])) continue;
    // Labelled by a <label for> or by the <label> it sits inside (a checkbox of a picker).
    const before = html.slice(0, field.index);
    if (before.lastIndexOf("<label") > before.lastIndexOf("</label>")) continue;
    const id = field[0].match(/ id="([^"]+)"/)?.[1];
    expect(id && html.includes(`for="${id}"`), field[0]).toBe(true);
  }
  for (const m of html.matchAll(/aria-(?:describedby|labelledby)="([^"]+)"/g)) {
    for (const ref of m[1].split(" ")) expect(ids, ref).toContain(ref);
  }
  const unnamedTables = [...html.matchAll(/<table\b[^>]*>/g)].filter((m) => !/ aria-label(?:ledby)?="/.test(m[0]));
  expect(unnamedTables.length).toBe(html.match(/<caption/g)?.length ?? 0);
}
