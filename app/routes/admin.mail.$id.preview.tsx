import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { getOutboxMessage } from "~/modules/notifications/outbox.server";
import { notFound, parseRouteId } from "~/utils/http";

// The HTML part of one message, for the mail log's sandboxed frame. The site's CSP is lifted for
// this path only (server.ts) and replaced by this stricter one: nothing but inline styles and
// inline images, no script, a sandbox, and no page but this site's may frame it.
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  const message = getOutboxMessage({ id: parseRouteId(params.id) });
  if (!message) return notFound();
  return new Response(message.htmlBody, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": PREVIEW_CSP,
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}
