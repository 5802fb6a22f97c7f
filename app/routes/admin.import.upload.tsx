import type { ActionFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { queueImportFromForm } from "~/modules/companies/import-job.server";
import { logger } from "~/log.server";
import { readForm } from "~/utils/form";
import { notFound } from "~/utils/http";

/**
 * The upload of the import page when JavaScript runs: the same as the page's own action, answered
 * as JSON so the page can show upload progress (server.ts allows this path large bodies): the
 * job's id (202; the page then follows the job), or the refusal of the form (400).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const queued = await queueImportFromForm(await readForm(request), { staffUserId: user.id });
  logger().info({ type: "import", event: "queued", userId: user.id, ok: queued.ok, ...(queued.ok ? { jobId: queued.jobId } : {}) });
  return queued.ok ? Response.json({ jobId: queued.jobId }, { status: 202 }) : Response.json(queued.result, { status: 400 });
}

export async function loader() {
  throw notFound();
}
