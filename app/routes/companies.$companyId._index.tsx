import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActiveUser, requireActiveVerifiedUser } from "~/modules/companies/guards.server";
import { getMembership } from "~/modules/companies/companies.server";
import { getCompanyPage } from "~/modules/companies/directory.server";
import { CodeList, langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, useI18n } from "~/modules/i18n/i18n";
import { askForIntroductionAction } from "~/modules/introductions/ask.server";
import { getAskState } from "~/modules/introductions/member.server";
import { AskIntroduction } from "~/modules/introductions/member-ui";
import { readForm } from "~/utils/form";
import { notFound, parseRouteId } from "~/utils/http";
import { titleWithBrand } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: [
    "companies.field.foundedYear",
    "companies.field.languages",
    "companies.field.needs",
    "companies.field.offers",
    "companies.field.partnershipTypes",
    "companies.field.sectors",
    "companies.field.size",
    "companies.field.targetMarkets",
    "companies.field.website",
    "companies.status",
    "companies.their",
    "company",
    "errors.intro",
    "intro.answerBy",
    "intro.ask",
    "intro.col",
    "intro.outcome",
    "intro.state",
    "intro.status",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  return titleWithBrand(matches, data?.company.name ?? "");
};

function listedCompany(param: string | undefined) {
  const company = getCompanyPage({ companyId: parseRouteId(param) });
  if (!company) throw notFound();
  return company;
}

/** A listed company's public page. Contact details are not part of it (nor of its data). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireActiveUser(request, context);
  const company = listedCompany(params.companyId);
  return {
    company,
    isOwn: getMembership({ userId: user.id })?.companyId === company.id,
    ask: getAskState({ userId: user.id, partnerId: company.id }),
  };
}

/** Asking for an introduction to this company (the page's one form). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireActiveVerifiedUser(request, context);
  const company = listedCompany(params.companyId);
  const form = await readForm(request);
  return askForIntroductionAction({ userId: user.id, partnerId: company.id, form });
}

export default function CompanyPage() {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const { company: c, isOwn, ask } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <article className="space-y-6">
      <header className="space-y-1">
        <p className="text-sm">
          <Link to="/companies" className="link">
            {t("company.back")}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{c.name}</h1>
        {c.localName ? (
          <p lang={langOfScript(c.localName)} className="text-lg text-slate-700">
            {c.localName}
          </p>
        ) : null}
        <p className="text-slate-700">{[label("country", c.country), c.city].filter(Boolean).join(" · ")}</p>
        {isOwn ? (
          <p>
            <Link to={`/companies/${c.id}/edit`} className="link">
              {t("company.edit")}
            </Link>
          </p>
        ) : null}
      </header>

      {c.description ? (
        <section aria-labelledby="about-heading" className="card">
          <h2 id="about-heading" className="text-lg font-semibold">
            {t("company.about")}
          </h2>
          <p className="mt-2 whitespace-pre-line text-slate-800">{c.description}</p>
        </section>
      ) : null}

      <section aria-labelledby="facts-heading" className="card">
        <h2 id="facts-heading" className="text-lg font-semibold">
          {t("company.facts")}
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-3 sm:grid-cols-[auto,1fr]">
          <Fact term={t("companies.field.sectors")}>
            <CodeList kind="sector" codes={c.sectors} />
          </Fact>
          <Fact term={t(isOwn ? "companies.field.offers" : "companies.their.offers")}>
            <CodeList kind="capability" codes={c.offers} />
          </Fact>
          <Fact term={t(isOwn ? "companies.field.needs" : "companies.their.needs")}>
            <CodeList kind="capability" codes={c.needs} />
          </Fact>
          {c.partnershipTypes.length ? (
            <Fact term={t(isOwn ? "companies.field.partnershipTypes" : "companies.their.partnershipTypes")}>
              <CodeList kind="partnershipType" codes={c.partnershipTypes} />
            </Fact>
          ) : null}
          {c.targetMarkets.length ? (
            <Fact term={t("companies.field.targetMarkets")}>
              <CodeList kind="country" codes={c.targetMarkets} />
            </Fact>
          ) : null}
          {c.languages.length ? (
            <Fact term={t(isOwn ? "companies.field.languages" : "companies.their.languages")}>
              <CodeList kind="language" codes={c.languages} />
            </Fact>
          ) : null}
          {c.size ? <Fact term={t("companies.field.size")}>{label("size", c.size)}</Fact> : null}
          {c.foundedYear ? <Fact term={t("companies.field.foundedYear")}>{c.foundedYear}</Fact> : null}
          {c.website ? (
            <Fact term={t("companies.field.website")}>
              <a href={c.website} className="link break-all" rel="noopener noreferrer nofollow" target="_blank">
                {c.website}
              </a>
            </Fact>
          ) : null}
        </dl>
      </section>

      <p className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700">{t("company.contactNote")}</p>

      <AskIntroduction ask={ask} partnerName={c.name} result={result?.ask} />
    </article>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-700">{term}</dt>
      <dd>{children}</dd>
    </>
  );
}
