import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { exportDirectory } from "~/modules/companies/export.server";

/** The directory as CSV, in the import format, streamed a thousand companies at a time. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const pieces = exportDirectory({ staffUserId: user.id });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      pieces.return(undefined);
    },
  });
  // eslint-disable-next-line no-restricted-syntax -- the file name\'s ISO date sorts
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bridge-companies-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
