import { useRouteLoaderData } from "@remix-run/react";
import type en from "./locales/en.json";

// English is the reference locale: its file defines the keys; another locale may lack a key and
// then shows the English text. Adding a language is one new JSON file in ./locales.
export type MessageKey = keyof typeof en;
export type Messages = Record<string, string>;
export type TFunction = (key: MessageKey, params?: Record<string, string | number>) => string;

export const DEFAULT_LOCALE = "en";

export function createT(messages: Messages): TFunction {
  // A message with {placeholders} is split once per dictionary: a list page fills the same few
  // messages in every card.
  const split = new Map<string, string[]>();
  return (key, params) => {
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

type RootI18n = { i18n: { locale: string; messages: Messages; locales: { code: string; name: string }[] } };

type I18n = RootI18n["i18n"] & { t: TFunction };
const NO_I18N: RootI18n["i18n"] = { locale: DEFAULT_LOCALE, messages: {}, locales: [] };
// One `t` per loaded dictionary, not one per component: a list page calls this in every card.
const withT = new WeakMap<RootI18n["i18n"], I18n>();

export function useI18n(): I18n {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const i18n = data?.i18n ?? NO_I18N;
  let out = withT.get(i18n);
  if (!out) {
    out = { ...i18n, t: createT(i18n.messages) };
    withT.set(i18n, out);
  }
  return out;
}
