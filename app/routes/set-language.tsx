import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/modules/auth/guards.server";
import { isSameOriginFetchRequest } from "~/modules/auth/origin.server";
import { setUserLocale } from "~/modules/auth/users.server";
import { isSupportedLocale, localeCookie } from "~/modules/i18n/locales.server";
import { readForm } from "~/utils/form";
import { redirectToOf } from "~/utils/redirect";

export async function loader() {
  return redirect("/");
}

/** Open to everyone: the choice goes into a cookie, and into the setting of a signed-in user. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!isSameOriginFetchRequest(request)) throw new Response("Cross-origin request refused", { status: 403 });
  const form = await readForm(request);
  const locale = form.get("locale");
  const to = redirectToOf(form);
  if (typeof locale !== "string" || !isSupportedLocale(locale)) return redirect(to);
  const user = await getOptionalUser(request, context);
  if (user) setUserLocale({ userId: user.id, locale });
  return redirect(to, { headers: { "Set-Cookie": localeCookie(locale) } });
}
