// Text hygiene for names and free text from forms and imports. Client-safe.

// C0 and C1 control characters (newline and tab are handled separately), bidi embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069), the invisible direction marks
// (U+200E, U+200F, U+061C) and stray byte-order marks: they can reorder or hide text shown to
// others ("Trojan Source"-style spoofing), and no business name needs them.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]/g;

// Printable ASCII needs none of the Unicode work below (most Latin-script names and a good part
// of any import): a fast path that keeps a 100,000-row import quick.
const PLAIN_ASCII = /^[\x20-\x7E]*$/;

// What a name must not hold at all: C0 and C1 controls (CR, LF, tab, NUL, NEL …) and the Unicode
// line and paragraph separators. A name is one line: in an e-mail's subject or text a line break
// in it becomes a fake header or a fake line ("Mallory\r\nBcc: …"). Names with them are refused
// with a message, not silently changed, so that what the person sees is what is stored.
const NAME_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** Whether a name holds a line break or another control character (refused by every name field). */
export function hasControlChars(value: string): boolean {
  return NAME_FORBIDDEN.test(value);
}

/**
 * Text for one line of an e-mail (its subject, a greeting): every line break and control
 * character becomes a space. Defence in depth for values stored before names were checked.
 */
export function oneLine(value: string): string {
  return value
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** One line of text: NFC, no controls or bidi overrides, whitespace collapsed, trimmed. */
export function cleanLine(value: string): string {
  if (PLAIN_ASCII.test(value)) return value.replace(/ {2,}/g, " ").trim();
  return value
    .normalize("NFC")
    .replace(/[\t\r\n]/g, " ")
    .replace(CONTROLS, "")
    .replace(BIDI, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Free text over several lines: like cleanLine, but line breaks are kept (as \n). */
export function cleanText(value: string): string {
  if (PLAIN_ASCII.test(value)) return value.replace(/ {2,}/g, " ").trim();
  return value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(CONTROLS, "")
    .replace(BIDI, "")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Length as a person counts it in any script: Unicode code points, not UTF-16 units or bytes. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

/**
 * The form used for searching: compatibility forms folded (full-width Latin), Latin diacritics
 * removed (so "Cong ty" finds "Công ty"; đ/Đ become d), lower case, spaces collapsed. Marks of
 * other scripts (Thai vowels and tones, Khmer, Burmese) are kept: they are letters there.
 */
export function foldForSearch(value: string): string {
  if (PLAIN_ASCII.test(value)) return value.toLowerCase().replace(/ {2,}/g, " ").trim();
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036F]/g, "")
    .replace(/[đĐ]/g, "d")
    .normalize("NFC")
    .toLowerCase()
    .replace(BIDI, "")
    .replace(CONTROLS, "")
    .replace(/\s+/g, " ")
    .trim();
}
