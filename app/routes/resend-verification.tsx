import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { resendEmailVerification } from "~/modules/auth/email-verification.server";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { readForm } from "~/utils/form";
import { redirectToOf } from "~/utils/redirect";

export async function loader() {
  return redirect("/");
}

/** The banner's "send the link again": back to the page it came from, with the outcome. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const form = await readForm(request);
  const back = redirectToOf(form);
  const result = resendEmailVerification({ userId: user.id });
  const to = new URL(back, "http://x");
  to.searchParams.set("verification", result.ok ? "sent" : result.reason === "too_soon" ? "wait" : "done");
  return redirect(`${to.pathname}${to.search}`);
}
