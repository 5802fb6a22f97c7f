import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { isStaffRole } from "~/modules/auth/roles";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
// The groups come from a client-safe file: the component runs in the browser too, where a
// `.server` module's exports do not exist.
import { INTRODUCTION_GROUPS, type IntroductionGroup } from "~/modules/introductions/labels";
import { listIntroductionGroups } from "~/modules/introductions/member.server";
import { IntroductionTable } from "~/modules/introductions/member-ui";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: [
    "companies.status",
    "errors.intro",
    "intro.answerBy",
    "intro.ask",
    "intro.col",
    "intro.group",
    "intro.list",
    "intro.outcome",
    "intro.state",
    "intro.status",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "intro.list.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  // Staff belong to no firm: their view of introductions is the council's.
  if (isStaffRole(user.role)) throw redirect("/admin/introductions");
  return listIntroductionGroups({ userId: user.id });
}

const GROUP_TEXT: Record<IntroductionGroup, { title: MessageKey; lead: MessageKey; caption: MessageKey }> = {
  waiting: { title: "intro.group.waiting", lead: "intro.group.waiting.lead", caption: "intro.group.waiting.caption" },
  sent: { title: "intro.group.sent", lead: "intro.group.sent.lead", caption: "intro.group.sent.caption" },
  council: { title: "intro.group.council", lead: "intro.group.council.lead", caption: "intro.group.council.caption" },
  closed: { title: "intro.group.closed", lead: "intro.group.closed.lead", caption: "intro.group.closed.caption" },
};

export default function Introductions() {
  const { t } = useI18n();
  const { hasCompany, groups } = useLoaderData<typeof loader>();
  const shown = INTRODUCTION_GROUPS.filter((g) => groups[g].length > 0);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t("intro.list.title")}</h1>
        <p className="text-slate-700">{t("intro.list.lead")}</p>
      </header>

      {!hasCompany ? (
        <p className="card text-slate-800">
          {t("errors.intro.noCompany")}{" "}
          <Link to="/company" className="link">
            {t("intro.ask.toCompany")}
          </Link>
        </p>
      ) : shown.length === 0 ? (
        <div className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("intro.list.empty")}</h2>
          <p className="text-slate-700">{t("intro.list.emptyHow")}</p>
          <p>
            <Link to="/matches" className="link">
              {t("intro.list.toMatches")}
            </Link>
          </p>
        </div>
      ) : (
        <>
          <nav aria-label={t("intro.list.groups")}>
            <ul className="flex flex-wrap gap-2 text-sm">
              {INTRODUCTION_GROUPS.map((g) => (
                <li key={g}>
                  {groups[g].length ? (
                    <a href={`#group-${g}`} className="link">
                      {t("intro.group.count", { group: t(GROUP_TEXT[g].title), count: groups[g].length })}
                    </a>
                  ) : (
                    <span className="text-slate-600">{t("intro.group.count", { group: t(GROUP_TEXT[g].title), count: 0 })}</span>
                  )}
                </li>
              ))}
            </ul>
          </nav>
          {shown.map((g) => (
            <section key={g} aria-labelledby={`group-${g}`} className="space-y-3">
              <h2 id={`group-${g}`} className="text-lg font-semibold">
                {t("intro.group.count", { group: t(GROUP_TEXT[g].title), count: groups[g].length })}
              </h2>
              <p className="text-sm text-slate-700">{t(GROUP_TEXT[g].lead)}</p>
              <IntroductionTable rows={groups[g]} caption={t(GROUP_TEXT[g].caption)} />
            </section>
          ))}
          <p className="text-sm text-slate-700">
            {t("intro.list.askMore")}{" "}
            <Link to="/matches" className="link">
              {t("intro.list.toMatches")}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
