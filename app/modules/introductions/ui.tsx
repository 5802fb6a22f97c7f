// The pieces both the members' and the staff introduction pages show: a firm's name with its
// local name and the state badge. Client-safe; every text goes through the translations.
import { langOfScript } from "~/modules/companies/ui";
import { useI18n } from "~/modules/i18n/i18n";
import { STATUS_LABELS, type IntroductionStatus } from "./labels";

/** A firm's name, then its local name marked with the language of its script. */
export function FirmNameText({ firm }: { firm: { name: string; localName: string | null } }) {
  return (
    <>
      {firm.name}
      {firm.localName ? (
        <>
          {" "}
          <span lang={langOfScript(firm.localName)}>{firm.localName}</span>
        </>
      ) : null}
    </>
  );
}

const BADGE: Record<IntroductionStatus, string> = {
  requested: "bg-amber-100 text-amber-900",
  approved: "bg-sky-100 text-sky-900",
  accepted: "bg-green-100 text-green-900",
  declined_by_staff: "bg-red-100 text-red-900",
  declined_by_target: "bg-red-100 text-red-900",
  expired: "bg-slate-200 text-slate-800",
  withdrawn: "bg-slate-200 text-slate-800",
};

/** The state; for a member, one waiting for the reader's own answer says so instead of "awaiting the firm". */
export function IntroStatusBadge({ status, mustAnswer }: { status: IntroductionStatus; mustAnswer?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${mustAnswer ? "bg-amber-100 text-amber-950" : BADGE[status]}`}>
      {mustAnswer ? t("intro.state.yourAnswer") : t(STATUS_LABELS[status])}
    </span>
  );
}
