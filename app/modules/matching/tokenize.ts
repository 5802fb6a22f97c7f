// Tokens for text relevance in every script the council's firms write in. Client-safe and pure.
//
// - Chinese (and Japanese kana) is written without spaces: a run of characters becomes its
//   overlapping character bigrams ("云计算" → 云计, 计算), the usual way to search it without a
//   dictionary. A lone character stays a token.
// - Thai, Lao, Khmer and Burmese have no spaces either, but their letters mean nothing alone:
//   they are cut into words by the platform's dictionary-based segmenter (ICU).
// - Latin-script text (English, Vietnamese, Indonesian, Malay, Filipino, Portuguese, Tetum) is
//   split into words, folded (lower case, diacritics removed: "dữ liệu" → "du lieu", so text
//   typed with or without them matches), stop words dropped, English plurals trimmed. Adjacent
//   words also form a bigram ("trung_tam", "data_centre"): most Vietnamese words are two
//   syllables, and the pair carries the meaning that the single syllable does not.

// Chinese and Japanese characters: bigrams. Thai, Lao, Khmer and Burmese: words found by the
// platform's dictionary-based segmenter (ICU, in Node and browsers alike), since their letters,
// unlike Chinese characters, carry no meaning alone; bigrams are the fallback without it.
const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SOUTHEAST = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

const STOP_WORDS = new Set(
  [
    // English
    "a an and are as at be by for from has have in into is it its of on or our over that the their this to we with who which will your you",
    // Vietnamese (folded)
    "va cua cac cho voi la co duoc nhung trong mot nay tai tu den ve",
    // Indonesian / Malay
    "dan yang di untuk dengan kami ke dari ini itu pada atau sebagai",
    // Filipino / Portuguese / Tetum
    "ang ng sa mga at e o os as da do dos das em para com",
    // Thai
    "และ ใน ที่ ของ การ เป็น กับ ได้ มี จาก โดย ให้ บริษัท จำกัด",
  ]
    .join(" ")
    .split(" "),
);

let segmenter: Intl.Segmenter | null | undefined;
function southeastWords(run: string): string[] {
  if (segmenter === undefined) segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("th", { granularity: "word" }) : null;
  if (!segmenter) return [];
  return [...segmenter.segment(run)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/** Lower case, full-width forms folded, Latin diacritics removed (đ → d). */
function foldText(text: string): string {
  return (
    text
      // Full-width Latin letters and digits (common in Chinese text) as ASCII. Not NFKC: that would
      // split Thai and Lao vowels (SARA AM) that the segmenter's dictionary expects whole.
      .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .normalize("NFC")
      .toLowerCase()
  );
}

function stem(word: string): string {
  // English plurals only; short words and -ss words are left alone ("ss", "bus", "gas").
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) return word.slice(0, -1);
  return word;
}

type Kind = "han" | "southeast" | "word" | "space" | "break";

function kindOf(ch: string): Kind {
  if (HAN.test(ch)) return "han";
  if (SOUTHEAST.test(ch)) return "southeast";
  if (WORD_CHAR.test(ch)) return "word";
  // Punctuation between words breaks a word bigram; a space or hyphen does not.
  return /\s/.test(ch) || ch === "-" ? "space" : "break";
}

/** The tokens of a text, in order, with repeats (term frequency counts them). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let previousWord: string | null = null;

  const pushWord = (raw: string) => {
    const w = stem(raw);
    if (STOP_WORDS.has(w) || (w.length === 1 && !/[\d\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(w))) {
      previousWord = null;
      return;
    }
    out.push(w);
    if (previousWord) out.push(`${previousWord}_${w}`);
    previousWord = w;
  };
  const pushHan = (run: string[]) => {
    if (run.length === 1) out.push(run[0]);
    for (let i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
    previousWord = null;
  };
  const pushSoutheast = (run: string) => {
    const words = southeastWords(run);
    if (words.length) for (const w of words) pushWord(w);
    else pushHan([...run]);
  };

  let kind: Kind = "space";
  let buffer = "";
  const flush = () => {
    if (!buffer) return;
    if (kind === "han") pushHan([...buffer]);
    else if (kind === "southeast") pushSoutheast(buffer);
    else if (kind === "word") pushWord(buffer);
    buffer = "";
  };
  for (const ch of foldText(text)) {
    let k = kindOf(ch);
    // A combining mark continues whatever run it follows (Thai vowels, Burmese medials).
    if (k === "word" && /\p{M}/u.test(ch) && (kind === "southeast" || kind === "han")) k = kind;
    if (k !== kind) {
      flush();
      kind = k;
    }
    if (k === "han" || k === "southeast" || k === "word") buffer += ch;
    else if (k === "break") previousWord = null;
  }
  flush();
  return out;
}

// Sentences that say what a firm is looking for, in the languages of the council. The words
// that follow describe its needs, not what it offers: they must not make a firm look like a
// provider of what it seeks.
const SEEKING = [
  "looking for",
  "look for",
  "seeking",
  "seek",
  "we need",
  "need ",
  "needs ",
  "wanted",
  "in search of",
  "partners it is looking",
  "寻找",
  "寻求",
  "需要",
  "诚招",
  "招募",
  "希望与",
  "tim kiem",
  "can tim",
  "mong muon",
  "mencari",
  "memerlukan",
  "membutuhkan",
  "perlukan",
  "ต้องการ",
  "มองหา",
  "กำลังหา",
  "naghahanap",
  "procuramos",
  "procura",
];

/** A description without its "we are looking for …" sentences. */
export function offerText(description: string): string {
  const sentences = description.split(/(?<=[.!?。！？;；\n])/u);
  return sentences
    .filter((s) => {
      const folded = ` ${foldText(s)}`;
      return !SEEKING.some((marker) => folded.includes(marker));
    })
    .join(" ");
}
