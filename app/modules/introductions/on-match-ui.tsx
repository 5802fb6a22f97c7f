// A match's introduction, as the match card and breakdown name it. Its own file: only the match
// pages show it, and a page receives the words of what it imports (docs/decisions/0008).
import { Link } from "@remix-run/react";
import { useI18n, type MessageKey } from "~/modules/i18n/i18n";
import type { IntroductionStatus } from "./labels";
import type { IntroductionOfMatch } from "./member.server";

/** A match's introduction as its card and breakdown name it: "Introduction accepted on 7 Dec". */
const HISTORY_LABELS: Record<IntroductionStatus, MessageKey> = {
  requested: "intro.onMatch.requested",
  approved: "intro.onMatch.approved",
  declined_by_staff: "intro.onMatch.declined_by_staff",
  accepted: "intro.onMatch.accepted",
  declined_by_target: "intro.onMatch.declined_by_target",
  expired: "intro.onMatch.expired",
  withdrawn: "intro.onMatch.withdrawn",
};

/**
 * The latest introduction of a match that the firm may see, on its card and breakdown:
 * "Introduction accepted on 2026-12-07 — see contacts", a link to the introduction.
 */
export function IntroductionOnMatch({ introduction }: { introduction: IntroductionOfMatch | null | undefined }) {
  const { t, dates } = useI18n();
  if (!introduction) return null;
  return (
    <p className="text-sm">
      <Link to={`/introductions/${introduction.id}`} className="link">
        {t(HISTORY_LABELS[introduction.status], { date: dates.date(introduction.at) })}
      </Link>
    </p>
  );
}
