import { useMatches } from "@remix-run/react";
import { createDates, type Dates } from "./dates";
import type en from "./locales/en.json";

// English is the reference locale: its file defines the keys; another locale may lack a key and
// then shows the English text. Adding a language is one new JSON file in ./locales.
export type MessageKey = keyof typeof en;
/**
 * A count's message: the keys `<key>.one`, `<key>.other`, … hold the forms of a language's plural
 * rules (Intl.PluralRules: English has one and other, Chinese other only), and `t(key, { count })`
 * picks the form for the count. Every count shown to users goes through one.
 */
export type PluralKey = keyof typeof en extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;
export type Messages = Record<string, string>;
export type TFunction = {
  (key: PluralKey, params: { count: number } & Record<string, string | number>): string;
  // Last, so that Parameters<TFunction> names a message key.
  (key: MessageKey, params?: Record<string, string | number>): string;
};

export const DEFAULT_LOCALE = "en";

export function createT(messages: Messages, locale: string = DEFAULT_LOCALE): TFunction {
  const plural = new Intl.PluralRules(locale);
  // A message with {placeholders} is split once per dictionary: a list page fills the same few
  // messages in every card.
  const split = new Map<string, string[]>();
  return (name: string, params?: Record<string, string | number>) => {
    const key = name in messages || typeof params?.count !== "number" ? name : pluralForm(messages, name, plural.select(params.count));
    const text = messages[key] ?? key;
    if (!params) return text;
    let parts = split.get(key);
    if (!parts) {
      parts = text.split(/\{(\w+)\}/); // text, name, text, name, …, text
      split.set(key, parts);
    }
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += (parts[i] in params ? String(params[parts[i]]) : `{${parts[i]}}`) + parts[i + 1];
    return out;
  };
}

/** A count or limit written as the language groups digits ("2,000"; Indonesian "2.000"). */
export function formatNumber(locale: string, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

/**
 * A list of labels or names as one line: Chinese separates items with the enumeration comma
 * (、), never a half-width ";" or "," next to Han characters; other languages use `separator`.
 */
export function joinList(locale: string, items: readonly string[], separator = "; "): string {
  return items.join(locale === "zh" ? "、" : separator);
}

/** The key of a count's form in a language, `.other` when the language's file lacks the form. */
function pluralForm(messages: Messages, key: string, form: Intl.LDMLPluralRule): string {
  const exact = `${key}.${form}`;
  return exact in messages ? exact : `${key}.other`;
}

/** Whether a string returned by a schema or module is a message key the UI can translate. */
export function isMessageKey(messages: Messages, key: string): key is MessageKey {
  return key in messages;
}

/**
 * The words of a module's refusal (`{ ok: false, reason }`): each module keeps a map from its
 * reasons to message keys, and routes turn a refusal into a message only through this. A reason
 * the map does not name reads as `fallback`, by default the generic "the form could not be sent".
 */
export function refusalKey(keys: Readonly<Record<string, MessageKey>>, reason: string, fallback: MessageKey = "errors.form.invalid"): MessageKey {
  return Object.hasOwn(keys, reason) ? keys[reason] : fallback;
}

/**
 * A page's words arrive with the data of its routes (docs/decisions/0008-messages-per-route.md):
 * each route module names the message namespaces it uses in `handle.i18n` (key prefixes: a
 * namespace `a.b` covers the key `a.b` and every `a.b.…` key), and its loader's data carries those
 * messages under this key (attached by app/route-messages.server.ts). The root sends the layout's.
 */
export const ROUTE_MESSAGES = "__messages";
export type I18nHandle = { i18n?: readonly string[] };

/** Whether a namespace list covers a key: a namespace is the key itself or a prefix ending at a dot. */
export function coversKey(namespaces: readonly string[], key: string): boolean {
  return namespaces.some((ns) => key === ns || (key.startsWith(ns) && key[ns.length] === "."));
}

type RootI18n = { i18n: { locale: string; locales: { code: string; name: string }[] } };
type I18n = RootI18n["i18n"] & { messages: Messages; t: TFunction; dates: Dates };
const NO_I18N: RootI18n["i18n"] = { locale: DEFAULT_LOCALE, locales: [] };

type Match = { id: string; data: unknown };
const messagesOf = (match: Match) => (match.data as { [ROUTE_MESSAGES]?: Messages } | null | undefined)?.[ROUTE_MESSAGES];

/** The messages of every matched route, the deepest last (a child's words win). */
export function pageMessages(matches: readonly Match[]): Messages {
  const parts = matches.map(messagesOf).filter((m): m is Messages => !!m);
  return parts.length === 1 ? parts[0] : Object.assign({}, ...parts);
}

// One `t` per page's set of dictionaries, not one per component: a list page calls this in every
// card. The set changes only when a navigation brings new route data.
let last: { root: RootI18n["i18n"]; parts: (Messages | undefined)[]; out: I18n } | null = null;

export function useI18n(): I18n {
  const matches = useMatches();
  const i18n = (matches.find((m) => m.id === "root")?.data as RootI18n | undefined)?.i18n ?? NO_I18N;
  const parts = matches.map(messagesOf);
  if (last && last.root === i18n && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i])) return last.out;
  const messages = pageMessages(matches);
  const t = createT(messages, i18n.locale);
  const out = { ...i18n, messages, t, dates: createDates(t) };
  last = { root: i18n, parts, out };
  return out;
}
