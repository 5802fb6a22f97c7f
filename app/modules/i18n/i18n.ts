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
  const spaced = SPACED_LOCALES.has(locale.split("-")[0]);
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
    const out = parts.map((part, i) => (i % 2 === 0 ? part : part in params ? String(params[part]) : `{${part}}`));
    if (spaced) spaceAroundValues(out, (i) => parts[i] in params);
    return out.join("");
  };
}

// Chinese sets a run of Latin letters or digits apart from Han characters by a space ("已向 PT
// Mandiri Cloud 发送", "共 3 家"), and nothing else: no space between Han and Han ("由王芳记录")
// nor next to full-width punctuation ("王芳，"). The values put into a message decide it, so the
// rule lives here, once, for every page and e-mail: it adds the space a message written tight to
// its placeholder lacks, and drops the one it has where the value turns out to be Chinese.
const SPACED_LOCALES = new Set(["zh"]);
const HAN = /\p{Script=Han}/u;
const FULL_WIDTH = /[\u3000-\u303f\uff00-\uffef“”‘’]/u;
const WORD = /[\p{L}\p{N}]/u;
const isHan = (c: string | undefined) => !!c && HAN.test(c);
const isWide = (c: string | undefined) => !!c && (HAN.test(c) || FULL_WIDTH.test(c));
// A letter or digit of a script written with spaces: Latin, Thai, Vietnamese, digits, …
const isNarrowWord = (c: string | undefined) => !!c && WORD.test(c) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c);

/** Adjusts, in place, the space between each filled value (odd `segs`) and the text around it. */
function spaceAroundValues(segs: string[], filled: (i: number) => boolean) {
  for (let i = 1; i < segs.length; i += 2) {
    const value = segs[i];
    if (!filled(i) || value === "") continue;
    const first = value[0];
    const last = value[value.length - 1];
    const before = segs[i - 1];
    if (before !== "") {
      const end = before[before.length - 1];
      if (isHan(end) && isNarrowWord(first)) segs[i - 1] = `${before} `;
      else if (end === " " && (FULL_WIDTH.test(before[before.length - 2] ?? "") || (isHan(before[before.length - 2]) && isWide(first))))
        segs[i - 1] = before.slice(0, -1);
    }
    const after = segs[i + 1];
    if (after !== "") {
      const start = after[0];
      if (isHan(start) && isNarrowWord(last)) segs[i + 1] = ` ${after}`;
      else if (start === " " && (FULL_WIDTH.test(after[1] ?? "") || (isHan(after[1]) && isWide(last)))) segs[i + 1] = after.slice(1);
    }
  }
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
