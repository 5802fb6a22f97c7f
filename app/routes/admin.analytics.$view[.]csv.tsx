import type { LoaderFunctionArgs } from "@remix-run/node";
import { analyticsCsv } from "~/modules/analytics/csv.server";
import { isAnalyticsView } from "~/modules/analytics/views";
import { requireStaff } from "~/modules/auth/guards.server";
import { resolveLocale } from "~/modules/i18n/locales.server";
import { notFound } from "~/utils/http";
import { nowSeconds } from "~/utils/time";

/** One analytics view as CSV (/admin/analytics/rates.csv); 404 for a view that does not exist. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const view = params.view;
  if (!isAnalyticsView(view)) throw notFound();
  const now = nowSeconds();
  const body = analyticsCsv({ view, locale: resolveLocale(request, user), now });
  // eslint-disable-next-line no-restricted-syntax -- the file name\'s ISO date sorts
  const date = new Date(now * 1000).toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bridge-${view}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
