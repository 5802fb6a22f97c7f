import fs from "node:fs";
import path from "node:path";
import Negotiator from "negotiator";
import { coversKey, createT, DEFAULT_LOCALE, type Messages, type TFunction } from "./i18n";

// Locale files are read from disk once, so a new language is one new file and no code change.
// The folder is found relative to the working directory: the server, scripts and tests all run
// from the project root, and the compiled server bundle lives elsewhere.
export const LOCALES_DIR = path.join(process.cwd(), "app", "modules", "i18n", "locales");

type Catalog = Map<string, Messages>;
const g = globalThis as typeof globalThis & { __bridgeCatalog?: Catalog };

/** Reads every `<code>.json` in a folder; each locale falls back to English key by key. */
export function loadCatalog(dir: string): Catalog {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const loaded: Catalog = new Map();
  for (const file of files) {
    loaded.set(path.basename(file, ".json"), JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
  }
  const en = loaded.get(DEFAULT_LOCALE);
  if (!en) throw new Error(`Missing ${DEFAULT_LOCALE}.json in ${dir}`);
  for (const [code, messages] of loaded) loaded.set(code, { ...en, ...messages });
  return loaded;
}

function catalog(): Catalog {
  g.__bridgeCatalog ??= loadCatalog(LOCALES_DIR);
  return g.__bridgeCatalog;
}

export function supportedLocales(): string[] {
  return [...catalog().keys()];
}

export function isSupportedLocale(locale: string | null | undefined): locale is string {
  return !!locale && catalog().has(locale);
}

export function getMessages(locale: string): Messages {
  return catalog().get(locale) ?? catalog().get(DEFAULT_LOCALE)!;
}

export function getT(locale: string): TFunction {
  return createT(getMessages(locale), isSupportedLocale(locale) ? locale : DEFAULT_LOCALE);
}

/** Each language named in itself, for the switcher: the same for every request, so made once. */
let choices: { code: string; name: string }[] | undefined;
function localeChoices() {
  choices ??= supportedLocales().map((code) => ({ code, name: getMessages(code)["meta.languageName"] ?? code }));
  return choices;
}

// A route's namespaces are fixed in its module, so each (language, namespaces) pair is picked once.
const picked = new Map<string, Messages>();

/** The messages of a language under some namespaces (see `coversKey`), English where it lacks one. */
export function messagesFor(locale: string, namespaces: readonly string[]): Messages {
  const code = isSupportedLocale(locale) ? locale : DEFAULT_LOCALE;
  const cacheKey = `${code}|${namespaces.join(",")}`;
  let out = picked.get(cacheKey);
  if (!out) {
    const all = getMessages(code);
    out = Object.fromEntries(Object.entries(all).filter(([key]) => coversKey(namespaces, key)));
    picked.set(cacheKey, out);
  }
  return out;
}

const LOCALE_COOKIE = "bridge_lang";

/** Where the language is read from: a fetch Request, or anything with its `headers.get` (server.ts). */
type WithHeaders = { headers: { get(name: string): string | null } };

function readCookie(request: WithHeaders, name: string) {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return null; // broken percent-encoding: no choice made, not a 500
    }
  }
  return null;
}

/** The user's own setting, else the language cookie, else Accept-Language, else English. */
export function resolveLocale(request: WithHeaders, user?: { locale: string } | null): string {
  if (isSupportedLocale(user?.locale)) return user.locale;
  const fromCookie = readCookie(request, LOCALE_COOKIE);
  if (isSupportedLocale(fromCookie)) return fromCookie;
  const accept = request.headers.get("accept-language");
  if (accept) {
    const best = new Negotiator({ headers: { "accept-language": accept } }).language(supportedLocales());
    if (best) return best;
  }
  return DEFAULT_LOCALE;
}

/** What the root loader sends every page: its language and the switcher's choices (the words come per route). */
export function rootI18n(locale: string) {
  return { locale, locales: localeChoices() };
}

export function localeCookie(locale: string) {
  return `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax`;
}
