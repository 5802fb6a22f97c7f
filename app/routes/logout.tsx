import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server";
import { blankSessionCookie, invalidateSession } from "~/modules/auth/session.server";
import { logAuthEvent } from "~/log.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireUser(request, context);
  await invalidateSession({ sessionId: session.id });
  logAuthEvent("logout", { userId: user.id, ip: context.clientIp, outcome: "ok" });
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}
