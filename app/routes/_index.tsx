import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageMessages, useI18n, type I18nHandle, type MessageKey } from "~/modules/i18n/i18n";
import { redirectSuspendedMember } from "~/modules/companies/guards.server";
import { useRootUser } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  return [{ title: pageMessages(matches)["landing.title"] ?? "Bridge" }];
};

export const handle: I18nHandle = { i18n: ["landing"] };

const STEPS: { title: MessageKey; body: MessageKey }[] = [
  { title: "landing.step1.title", body: "landing.step1.body" },
  { title: "landing.step2.title", body: "landing.step2.body" },
  { title: "landing.step3.title", body: "landing.step3.body" },
  { title: "landing.step4.title", body: "landing.step4.body" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Sign-in lands here by default: a member of a suspended firm reads why, not the welcome.
  return await redirectSuspendedMember(request, context);
}

export default function Index() {
  const { t } = useI18n();
  const user = useRootUser();
  const { withoutFirm } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-12">
      <section className="space-y-4">
        <p className="text-sm font-semibold uppercase tracking-wide text-teal-800">{t("landing.kicker")}</p>
        <h1 className="text-3xl font-bold leading-tight sm:text-4xl">{t("landing.headline")}</h1>
        <p className="max-w-2xl text-lg text-slate-700">{t("landing.lead")}</p>
        {withoutFirm ? (
          <section aria-labelledby="next-heading" className="card space-y-3">
            <h2 id="next-heading" className="text-xl font-semibold">
              {t("landing.next.title", { name: withoutFirm.name })}
            </h2>
            <p className="text-slate-700">{t("landing.next.lead")}</p>
            <div className="flex flex-wrap gap-3">
              <Link to="/companies/new" className="btn">
                {t("landing.next.create")}
              </Link>
            </div>
            <h3 className="font-semibold">{t("landing.next.joinTitle")}</h3>
            <p className="text-slate-700">{t("landing.next.join", { email: withoutFirm.email })}</p>
          </section>
        ) : user ? (
          <p className="text-slate-800">{t("landing.welcomeBack", { name: user.name })}</p>
        ) : (
          <div className="flex flex-wrap gap-3">
            <Link to="/signup" className="btn">
              {t("landing.ctaSignUp")}
            </Link>
            <Link to="/login" className="btn-secondary">
              {t("landing.ctaSignIn")}
            </Link>
          </div>
        )}
      </section>

      <section aria-labelledby="how-heading" className="space-y-4">
        <h2 id="how-heading" className="text-xl font-semibold">
          {t("landing.howTitle")}
        </h2>
        <ol className="grid gap-4 sm:grid-cols-2">
          {STEPS.map((step, i) => (
            <li key={step.title} className="card">
              <p className="text-sm font-semibold text-teal-800">{i + 1}</p>
              <h3 className="mt-1 font-semibold">{t(step.title)}</h3>
              <p className="mt-1 text-slate-700">{t(step.body)}</p>
            </li>
          ))}
        </ol>
      </section>

      <section className="grid gap-4 sm:grid-cols-2">
        <div className="card">
          <h2 className="text-lg font-semibold">{t("landing.forFirms.title")}</h2>
          <p className="mt-2 text-slate-700">{t("landing.forFirms.body")}</p>
        </div>
        <div className="card">
          <h2 className="text-lg font-semibold">{t("landing.forStaff.title")}</h2>
          <p className="mt-2 text-slate-700">{t("landing.forStaff.body")}</p>
        </div>
      </section>
    </div>
  );
}
