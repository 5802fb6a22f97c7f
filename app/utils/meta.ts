import type { MetaArgs } from "@remix-run/node";
import type { MessageKey } from "~/modules/i18n/i18n";

/** `<title>` in the page's language: "<page> · Bridge". */
export function pageTitle({ matches }: Pick<MetaArgs, "matches">, key: MessageKey) {
  const root = matches.find((m) => m.id === "root")?.data as { i18n?: { messages: Record<string, string> } } | undefined;
  const messages = root?.i18n?.messages ?? {};
  return [{ title: `${messages[key] ?? key} · ${messages["brand.name"] ?? "Bridge"}` }];
}
