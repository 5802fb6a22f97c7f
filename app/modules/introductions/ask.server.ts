// The "ask for an introduction" form's action, written once for the two pages that show the
// form (a match and a company page). The page guards (a confirmed address) and names the partner.
import { data, redirect } from "@remix-run/node";
import { formError, parseForm } from "~/utils/form";
import { notFound } from "~/utils/http";
import { describeRefusal } from "./labels";
import { requestIntroductionSchema } from "./schemas";
import { requestIntroduction } from "./workflow.server";

export function askForIntroductionAction({ userId, partnerId, form }: { userId: string; partnerId: number; form: FormData }) {
  const parsed = parseForm(requestIntroductionSchema, form);
  const { values } = parsed;
  if (!parsed.ok || parsed.data.targetCompanyId !== partnerId) {
    return data({ ask: { values, errors: parsed.ok ? formError("errors.form.invalid") : parsed.errors } }, { status: 400 });
  }
  const result = requestIntroduction({ userId, targetCompanyId: partnerId, purpose: parsed.data.purpose, message: parsed.data.message });
  if (result.ok) return redirect(`/introductions/${result.introductionId}?requested=1`);
  if (result.reason === "not_found") throw notFound();
  const introductionId = result.reason === "already_open" || result.reason === "already_accepted" ? result.introductionId : undefined;
  return data({ ask: { values, refusal: { ...describeRefusal(result), introductionId } } }, { status: 409 });
}
