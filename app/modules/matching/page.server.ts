// What the matches page shows, decided here and not in the route: no firm yet, the firm not
// listed (in review or suspended), the list still being built, or a page of the list.
import { getMembership } from "~/modules/companies/companies.server";
import { MATCH_PAGE_SIZE } from "./limits";
import { topReasons } from "./reasons";
import { getCompanySummary, getMinScore, listMatchPage } from "./store.server";

export function getMatchesPage(
  input: { userId: string; page: number } & Omit<Parameters<typeof listMatchPage>[0], "companyId" | "page" | "pageSize" | "minScore">,
) {
  const { userId, page, ...filters } = input;
  const membership = getMembership({ userId });
  if (!membership) return { state: "no_company" as const };
  const company = getCompanySummary({ companyId: membership.companyId });
  if (!company?.visible) return { state: "not_listed" as const };
  // Each match with the reasons its card shows.
  // Members see matches from the staff's floor up; the count says so.
  const minScore = getMinScore();
  const result = listMatchPage({ companyId: membership.companyId, ...filters, page, pageSize: MATCH_PAGE_SIZE, minScore });
  if (!result) return { state: "computing" as const };
  const matches = result.matches.map(({ partner: { id, name, localName, country, city, sectors }, score, rank, reasons }) => ({
    partner: { id, name, localName, country, city, sectors },
    score,
    rank,
    reasons: topReasons(reasons),
  }));
  return {
    state: "ready" as const,
    result: { computedAt: result.computedAt, total: result.total, filtered: result.filtered, matches, minScore },
    page: result.page,
    pages: result.pages,
  };
}
