import type { MetaArgs } from "@remix-run/node";
import type { MessageKey } from "~/modules/i18n/i18n";

/** The page's translations, as the root loader sent them (empty when it did not run). */
export function rootMessages(matches: MetaArgs["matches"]): Record<string, string> {
  const root = matches.find((m) => m.id === "root")?.data as { i18n?: { messages: Record<string, string> } } | undefined;
  return root?.i18n?.messages ?? {};
}

/** `<title>` in the page's language: "<text> · Bridge". */
export function titleWithBrand(matches: MetaArgs["matches"], text: string) {
  return [{ title: `${text} · ${rootMessages(matches)["brand.name"] ?? "Bridge"}` }];
}

/** `<title>` of a page named by a message key: "<page> · Bridge". */
export function pageTitle({ matches }: Pick<MetaArgs, "matches">, key: MessageKey) {
  return titleWithBrand(matches, rootMessages(matches)[key] ?? key);
}
