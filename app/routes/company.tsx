import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { getMembership } from "~/modules/companies/companies.server";

/** "My company": the firm's own profile, or the form to create it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const membership = getMembership({ userId: user.id });
  throw redirect(membership ? `/companies/${membership.companyId}/edit` : "/companies/new");
}
