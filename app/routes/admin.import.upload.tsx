import type { ActionFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { importFromForm } from "~/modules/companies/import.server";
import { logger } from "~/log.server";
import { readForm } from "~/utils/form";
import { notFound } from "~/utils/http";

/**
 * The upload of the import page when JavaScript runs: the same import as the page's own action,
 * answered as JSON so the page can show upload progress (server.ts allows this path large bodies).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const result = await importFromForm(await readForm(request), { staffUserId: user.id });
  logger().info({
    type: "import",
    userId: user.id,
    ok: result.ok,
    ...(result.ok ? { created: result.created, updated: result.updated } : { problems: result.issues.length }),
  });
  return Response.json(result, { status: result.ok ? 200 : 400 });
}

export async function loader() {
  throw notFound();
}
