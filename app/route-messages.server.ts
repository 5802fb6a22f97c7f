import type { ServerBuild } from "@remix-run/node";
import { getSessionUser } from "~/modules/auth/session.server";
import { ROUTE_MESSAGES, type I18nHandle } from "~/modules/i18n/i18n";
import { messagesFor, resolveLocale } from "~/modules/i18n/locales.server";

/**
 * Each page route's words, attached to its loader's data (docs/decisions/0008-messages-per-route.md):
 * the messages under the namespaces its module declares in `handle.i18n`, in the request's language.
 * They travel with the route's own data, so a client navigation brings the new page's words
 * with it (the root loader does not run again). Redirects and other responses pass untouched, and
 * resource routes are left alone.
 */
export function withRouteMessages(original: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(original.routes).map(([id, route]) => {
      const { loader, default: page, handle } = route.module;
      const namespaces = (handle as I18nHandle | undefined)?.i18n;
      if (!loader || !page || !namespaces?.length) return [id, route];
      const module = { ...route.module };
      module.loader = async (args) => {
        const result = await loader(args);
        if (result instanceof Response) return result;
        // The language as the root loader reads it; the session lookup is shared within the request.
        const user = await getSessionUser(args.request, args.context).then(
          (found) => found.user,
          () => null, // a database busy past its timeout: the request's language, as the root's error page
        );
        return attach(result, messagesFor(resolveLocale(args.request, user), namespaces));
      };
      return [id, { ...route, module }];
    }),
  );
  return { ...original, routes };
}

type WithInit = { type: "DataWithResponseInit"; data: unknown; init: unknown };
const isWithInit = (x: unknown): x is WithInit => !!x && typeof x === "object" && (x as WithInit).type === "DataWithResponseInit";

function attach(result: unknown, messages: Record<string, string>): unknown {
  if (isWithInit(result)) return { ...result, data: attach(result.data, messages) };
  if (result === null || result === undefined) return { [ROUTE_MESSAGES]: messages };
  if (typeof result === "object" && !Array.isArray(result)) return { ...result, [ROUTE_MESSAGES]: messages };
  throw new Error(`A page loader returned ${typeof result}: its words need an object to travel with`);
}
