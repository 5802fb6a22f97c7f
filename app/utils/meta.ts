import type { MetaArgs } from "@remix-run/node";
import { pageMessages, type MessageKey } from "~/modules/i18n/i18n";

/** `<title>` in the page's language: "<text> · Bridge". */
export function titleWithBrand(matches: MetaArgs["matches"], text: string) {
  return [{ title: `${text} · ${pageMessages(matches)["brand.name"] ?? "Bridge"}` }];
}

/** `<title>` of a page named by a message key: "<page> · Bridge". */
export function pageTitle({ matches }: Pick<MetaArgs, "matches">, key: MessageKey) {
  return titleWithBrand(matches, pageMessages(matches)[key] ?? key);
}
