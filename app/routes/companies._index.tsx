import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/field";
import { requireActiveUser } from "~/modules/companies/guards.server";
import { listDirectory } from "~/modules/companies/directory.server";
import { parseDirectoryQuery } from "~/modules/companies/directory-query";
import { capabilityGroups, COUNTRIES, PARTNERSHIP_TYPES, SECTORS } from "~/modules/companies/taxonomy";
import { CodeList, langOfScript, useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, joinList, useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";

export const handle: I18nHandle = {
  i18n: [
    "companies.field.country",
    "companies.form.roles",
    "companies.status",
    "companies.their",
    "directory",
    "errors.company",
    "errors.email",
    "errors.review",
    "staffCompany.reason",
    "taxonomy",
  ],
};

export const meta: MetaFunction = (args) => pageTitle(args, "directory.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActiveUser(request, context);
  const { query, errors } = parseDirectoryQuery(new URL(request.url).searchParams);
  return { query, errors, result: errors ? null : listDirectory(query) };
}

export default function Directory() {
  const { t, locale } = useI18n();
  const label = useTaxonomyLabel();
  const { query, errors, result } = useLoaderData<typeof loader>();
  const capabilityOptions = capabilityGroups().map((g) => ({
    label: g.sector ? label("sector", g.sector) : t("companies.form.roles"),
    codes: g.codes,
  }));
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, page })) if (v !== undefined && v !== "") params.set(k, String(v));
    return `/companies?${params}`;
  };
  const filtered = Object.values({ ...query, page: undefined }).some((v) => v !== undefined);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("directory.title")}</h1>
        <p className="mt-1 max-w-2xl text-slate-700">{t("directory.lead")}</p>
      </div>

      <Form method="get" className="card grid gap-4 sm:grid-cols-2 lg:grid-cols-3" role="search" aria-label={t("directory.search")}>
        <div className="sm:col-span-2 lg:col-span-3">
          <Field name="q" label="directory.q" type="search" defaultValue={query.q ?? ""} hint="directory.q.hint" errors={errors ?? undefined} />
        </div>
        <FilterSelect
          name="country"
          label={t("companies.field.country")}
          value={query.country}
          options={COUNTRIES.map((c) => ({ value: c, label: label("country", c) }))}
        />
        <FilterSelect
          name="sector"
          label={t("directory.sector")}
          value={query.sector}
          options={SECTORS.map((s) => ({ value: s, label: label("sector", s) }))}
        />
        <FilterSelect
          name="partnershipType"
          label={t("directory.partnershipType")}
          value={query.partnershipType}
          options={PARTNERSHIP_TYPES.map((p) => ({ value: p, label: label("partnershipType", p) }))}
        />
        <CapabilitySelect name="offers" label={t("directory.offers")} value={query.offers} groups={capabilityOptions} />
        <CapabilitySelect name="needs" label={t("directory.needs")} value={query.needs} groups={capabilityOptions} />
        <div className="flex items-end gap-3">
          <button type="submit" className="btn">
            {t("directory.submit")}
          </button>
          {filtered ? (
            <Link to="/companies" className="link text-sm">
              {t("directory.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      {result ? (
        <section aria-labelledby="results-heading" className="space-y-4">
          <h2 id="results-heading" className="text-lg font-semibold">
            {t("directory.results", { count: result.total })}
          </h2>
          {result.companies.length === 0 ? (
            <p className="text-slate-700">{t("directory.none")}</p>
          ) : (
            <ul className="space-y-3">
              {result.companies.map((c) => (
                <li key={c.id} className="card space-y-2 p-4">
                  <h3 className="text-base font-semibold">
                    <Link to={`/companies/${c.id}`} className="link">
                      {c.name}
                    </Link>
                    {c.localName ? (
                      <span lang={langOfScript(c.localName)} className="ml-2 font-normal text-slate-700">
                        {c.localName}
                      </span>
                    ) : null}
                  </h3>
                  <p className="text-sm text-slate-700">{[label("country", c.country), c.city].filter(Boolean).join(" · ")}</p>
                  <CodeList kind="sector" codes={c.sectors} label={t("directory.sector")} />
                  <dl className="grid gap-1 text-sm sm:grid-cols-[auto,1fr] sm:gap-x-3">
                    <dt className="font-medium text-slate-700">{t("companies.their.offers")}</dt>
                    <dd>
                      {joinList(
                        locale,
                        c.offers.map((o) => label("capability", o)),
                      )}
                    </dd>
                    <dt className="font-medium text-slate-700">{t("companies.their.needs")}</dt>
                    <dd>
                      {joinList(
                        locale,
                        c.needs.map((o) => label("capability", o)),
                      )}
                    </dd>
                  </dl>
                  {c.description ? <p className="line-clamp-2 text-sm text-slate-700">{c.description}</p> : null}
                </li>
              ))}
            </ul>
          )}
          {result.pageCount > 1 ? (
            <nav aria-label={t("directory.pages")} className="flex items-center justify-between gap-4 text-sm">
              {result.page > 1 ? (
                <Link to={pageLink(result.page - 1)} className="link" rel="prev">
                  {t("directory.previous")}
                </Link>
              ) : (
                <span />
              )}
              <span aria-current="page">{t("directory.page", { page: result.page, pages: result.pageCount })}</span>
              {result.page < result.pageCount ? (
                <Link to={pageLink(result.page + 1)} className="link" rel="next">
                  {t("directory.next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value?: string; options: { value: string; label: string }[] }) {
  const { t } = useI18n();
  return (
    <div className="space-y-1">
      <label htmlFor={`directory-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={`directory-${name}`} name={name} defaultValue={value ?? ""} className="input">
        <option value="">{t("directory.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function CapabilitySelect({
  name,
  label,
  value,
  groups,
}: {
  name: string;
  label: string;
  value?: string;
  groups: { label: string; codes: readonly string[] }[];
}) {
  const { t } = useI18n();
  const labelOf = useTaxonomyLabel();
  return (
    <div className="space-y-1">
      <label htmlFor={`directory-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={`directory-${name}`} name={name} defaultValue={value ?? ""} className="input">
        <option value="">{t("directory.any")}</option>
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.codes.map((c) => (
              <option key={c} value={c}>
                {labelOf("capability", c)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
