import { Link } from "@remix-run/react";
import { useI18n } from "~/modules/i18n/i18n";

/** Previous / "page x of y" / next under a staff list; nothing when it fits on one page. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("directory.pages")} className="flex items-center justify-between gap-4 text-sm">
      {page > 1 ? (
        <Link to={href(page - 1)} className="link" rel="prev">
          {t("directory.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span>{t("directory.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} className="link" rel="next">
          {t("directory.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
