import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n, type MessageKey } from "~/modules/i18n/i18n";

/** The green banner that says something was done. */
export function Notice({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <p role="status" className={`rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900 ${className}`.trim()}>
      {children}
    </p>
  );
}

/** One message for any value of the query parameter (`?saved=1`), or one per value (`?done=approved`). */
type NoticeKeys = MessageKey | Readonly<Record<string, MessageKey>>;

/**
 * The message a query value names, or nothing. The query string is anyone's to write: only the
 * map's own entries count (not `__proto__`, `constructor` or `toString`), and anything that is
 * not a non-empty string (an array, a missing value) names nothing.
 */
export function noticeKey(keys: NoticeKeys, value: unknown): MessageKey | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (typeof keys === "string") return keys;
  if (!Object.hasOwn(keys, value)) return undefined;
  const key = keys[value];
  return typeof key === "string" ? key : undefined;
}

/**
 * The banner a redirect asks for with `?name=value`, in the page's language; nothing when the
 * value names no message or `show` is false (an action answered on this page: its result shows).
 */
export function QueryNotice({
  name,
  keys,
  params,
  show = true,
  className,
}: {
  name: string;
  keys: NoticeKeys;
  params?: Record<string, string | number>;
  show?: boolean;
  className?: string;
}) {
  const { t } = useI18n();
  const [search] = useSearchParams();
  const key = noticeKey(keys, search.get(name));
  if (!show || !key) return null;
  return <Notice className={className}>{t(key, params)}</Notice>;
}
