// The reasons of a match as sentences, from the reader's side, in the reader's language: what
// pages, e-mails and the command line show. Client-safe.
import type { MessageKey, Messages, TFunction } from "~/modules/i18n/i18n";
import { taxonomyLabel } from "~/modules/companies/taxonomy";
import type { Reason, ReasonKind } from "./reason-codes";

const KEYS: Record<ReasonKind, MessageKey> = {
  they_offer: "matching.reason.they_offer",
  they_describe: "matching.reason.they_describe",
  you_offer: "matching.reason.you_offer",
  you_describe: "matching.reason.you_describe",
  they_target_you: "matching.reason.they_target_you",
  in_your_markets: "matching.reason.in_your_markets",
  shared_partnership: "matching.reason.shared_partnership",
  shared_sector: "matching.reason.shared_sector",
  shared_language: "matching.reason.shared_language",
  nothing_for_you: "matching.reason.nothing_for_you",
  nothing_for_them: "matching.reason.nothing_for_them",
  only_described: "matching.reason.only_described",
  no_listed_for_you: "matching.reason.no_listed_for_you",
  likely_competitor: "matching.reason.likely_competitor",
  no_common_market: "matching.reason.no_common_market",
  outside_your_markets: "matching.reason.outside_your_markets",
  not_their_market: "matching.reason.not_their_market",
  no_common_language: "matching.reason.no_common_language",
  no_shared_partnership: "matching.reason.no_shared_partnership",
  size_gap: "matching.reason.size_gap",
};

/** "They offer Cloud infrastructure (IaaS/PaaS), which you need" — in the reader's language. */
export function reasonText(reason: Reason, t: TFunction, locale: string, messages?: Messages): string {
  const label = (kind: Parameters<typeof taxonomyLabel>[0], code: string) => taxonomyLabel(kind, code, locale, messages);
  switch (reason.kind) {
    case "they_offer":
    case "you_offer":
      return t(reason.described ? (`${KEYS[reason.kind]}_described` as MessageKey) : KEYS[reason.kind], {
        capability: label("capability", reason.capability),
      });
    case "they_describe":
    case "you_describe":
    case "likely_competitor":
      return t(KEYS[reason.kind], { capability: label("capability", reason.capability) });
    case "they_target_you":
    case "in_your_markets":
    case "outside_your_markets":
    case "not_their_market":
      return t(KEYS[reason.kind], { country: label("country", reason.country) });
    case "shared_partnership":
      return t(KEYS[reason.kind], { partnershipType: label("partnershipType", reason.partnershipType) });
    case "shared_sector":
      return t(KEYS[reason.kind], { sector: label("sector", reason.sector) });
    case "shared_language":
      return t(KEYS[reason.kind], { language: label("language", reason.language) });
    case "size_gap":
      return t(KEYS[reason.kind], { size: label("size", reason.size), theirSize: label("size", reason.theirSize) });
    default:
      return t(KEYS[reason.kind]);
  }
}

// What a reader most wants to know first: what each side brings, then markets, then the rest.
const ORDER: ReasonKind[] = [
  "they_offer",
  "you_offer",
  "they_describe",
  "you_describe",
  "they_target_you",
  "in_your_markets",
  "shared_partnership",
  "shared_language",
  "shared_sector",
];

/** The few reasons a list shows as chips: the strongest fits, then the most serious drawback. */
export function topReasons(reasons: readonly Reason[], count = 3): Reason[] {
  const positives = reasons
    .filter((r) => r.tone === "positive")
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    .slice(0, count);
  const negative = reasons.find((r) => r.tone === "negative");
  return negative ? [...positives, negative] : positives;
}
