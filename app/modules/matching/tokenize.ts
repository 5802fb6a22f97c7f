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

// Words that open what a firm is looking for, in the languages of the council (folded: lower
// case, no Latin diacritics). What follows them, up to the end of the sentence or of the list they
// open, describes its needs, not what it offers: it must not make a firm look like a provider of
// what it seeks.
const SEEKING = [
  "looking for",
  "look for",
  "seeking",
  "seek",
  "we need",
  "need",
  "needs",
  "wanted",
  "in search of",
  "partners it is looking",
  "寻找",
  "寻求",
  "寻觅",
  "需要",
  "诚招",
  "招募",
  "征集",
  "希望与",
  "tim kiem",
  "can tim",
  "mong muon",
  "mencari",
  "memerlukan",
  "membutuhkan",
  "butuh",
  "dicari",
  "perlukan",
  "ต้องการ",
  "มองหา",
  "กำลังหา",
  "ຕ້ອງການ",
  "ຊອກຫາ",
  "ត្រូវការ",
  "ស្វែងរក",
  "လိုအပ်",
  "ရှာဖွေ",
  "naghahanap",
  "kailangan",
  "procuramos",
  "procura",
  "precisamos",
];
// Markers whose folded form is an everyday word of another language ("cần" folds to "can"):
// matched before folding, with their diacritics.
const SEEKING_EXACT = ["cần", "tìm"];
const SEEKING_LATIN = new Set([...SEEKING, ...SEEKING_EXACT].filter((m) => /\p{Script=Latin}/u.test(m)));
// A quick test before the sentence-by-sentence search: most descriptions name one marker or two.
const ANY_SEEKING = new RegExp([...SEEKING, ...SEEKING_EXACT].map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "u");
const LETTER = /[\p{L}\p{N}\p{M}]/u;

// A sentence ends at these (Khmer ។ ៕ and Burmese ။ included); a list goes on after these.
const SENTENCE_END = /[.!?。！？…។៕။]\s*$/u;
const LIST_GOES_ON = /[:：;；,，、၊]\s*$/u;
const BULLET = /^(?:[-*•·‧・●▪◦–—+]|\d{1,2}[.)、])\s*/u;
// In Thai, Lao, Khmer and Burmese a space ends a phrase (they have no sentence punctuation of
// their own in everyday writing) unless the next phrase starts with "and" / "or".
const SOUTHEAST_SPACE =
  /(?<=[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}])\s+(?=[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}])/gu;
const SOUTHEAST_AND = /^(?:และ|หรือ|รวมถึง|ແລະ|ຫຼື|និង|ឬ|နှင့်|နဲ့)/u;

let sentenceSegmenter: Intl.Segmenter | null | undefined;
function sentencesOf(line: string): string[] {
  if (sentenceSegmenter === undefined) sentenceSegmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("en", { granularity: "sentence" }) : null;
  if (!sentenceSegmenter) return line.split(/(?<=[.!?。！？…។៕။])\s*/u).filter(Boolean);
  return [...sentenceSegmenter.segment(line)].map((s) => s.segment);
}

/** Where the first "looking for" marker of a sentence starts and ends; null when it has none. */
function seekingIn(sentence: string): { start: number; end: number } | null {
  // Positions in the folded text must be those of the sentence. Folding keeps the length of
  // almost every text (precomposed "ầ" → "a"): then they are; otherwise fold per code point.
  const whole = foldText(sentence);
  let folded: string[];
  let at: number[] | null = null;
  if (whole.length === sentence.length) folded = [whole];
  else {
    folded = [];
    at = [];
    let pos = 0;
    for (const ch of sentence) {
      const f = foldText(ch);
      // Per UTF-16 unit, as indexOf counts.
      for (let k = 0; k < f.length; k++) {
        folded.push(f[k]);
        at.push(pos);
      }
      pos += ch.length;
    }
    at.push(pos);
  }
  const position = (i: number) => (at ? at[Math.min(at.length - 1, i)] : Math.min(sentence.length, i));
  const text = ` ${folded.join("")} `;
  const lower = ` ${sentence.toLowerCase()} `;
  let best: { start: number; end: number } | null = null;
  // A Latin marker is whole words ("need", not "needle"); the others are found anywhere.
  const find = (haystack: string, marker: string) => {
    const latin = SEEKING_LATIN.has(marker);
    for (let i = haystack.indexOf(marker); i >= 0; i = haystack.indexOf(marker, i + 1))
      if (!latin || (!LETTER.test(haystack[i - 1]) && !LETTER.test(haystack[i + marker.length] ?? " "))) return i;
    return -1;
  };
  for (const marker of SEEKING) {
    const i = find(text, marker);
    if (i < 0) continue;
    // `i - 1`: the leading space added above.
    const start = position(i - 1);
    if (!best || start < best.start) best = { start, end: position(i - 1 + marker.length) };
  }
  for (const marker of SEEKING_EXACT) {
    const i = find(lower, marker);
    if (i < 0) continue;
    const start = i - 1;
    if (!best || start < best.start) best = { start, end: start + marker.length };
  }
  return best;
}

/**
 * In a Southeast Asian script, where what a marker opens ends: at the first space after some of
 * it that is not inside a list (after a comma) nor before "and"; the sentence's end otherwise.
 */
function seekingEnd(sentence: string, from: number): number {
  SOUTHEAST_SPACE.lastIndex = from;
  for (let m = SOUTHEAST_SPACE.exec(sentence); m; m = SOUTHEAST_SPACE.exec(sentence)) {
    const before = sentence.slice(from, m.index);
    if (!before.trim() || LIST_GOES_ON.test(before)) continue;
    if (SOUTHEAST_AND.test(sentence.slice(m.index + m[0].length))) continue;
    return m.index + m[0].length;
  }
  return sentence.length;
}

/**
 * A description without what it says the firm is looking for: the words from a need marker
 * ("looking for", 寻找, ต้องการ, cần …) to the end of its sentence, and the rest of the list the
 * marker opens however it is punctuated (`;`, `,`, `、`, line breaks, bullets). Thai, Lao, Khmer
 * and Burmese text without sentence punctuation is cut at the spaces between its phrases.
 */
export function offerText(description: string): string {
  if (!ANY_SEEKING.test(foldText(description)) && !ANY_SEEKING.test(description.toLowerCase())) return description;
  const kept: string[] = [];
  // After a line that ends inside a "looking for" list: whether the next line goes on with it
  // (`open`: the list had no sentence end yet; a bullet goes on with any list).
  let listing = false;
  let open = false;
  for (const raw of description.split(/\r\n|[\n\r\u2028\u2029]/u)) {
    let line = raw.trim();
    if (!line) {
      listing = false;
      continue;
    }
    if (listing) {
      const bullet = BULLET.test(line);
      if (bullet || open) {
        const sentences = sentencesOf(line);
        if (sentences.length <= 1) {
          // Until a sentence ends, the next line may be another item: reading too little as an
          // offer is a lost point of score, reading a need as one is a false reason.
          open = LIST_GOES_ON.test(line) || !SENTENCE_END.test(line);
          continue;
        }
        // The list item ends with its sentence; the rest of the line is read as usual.
        line = sentences.slice(1).join("");
      }
    }
    listing = false;
    for (const sentence of sentencesOf(line)) {
      let rest = sentence;
      listing = false;
      for (let found = seekingIn(rest); found; found = seekingIn(rest)) {
        kept.push(rest.slice(0, found.start));
        const end = seekingEnd(rest, found.end);
        rest = rest.slice(end);
        if (!rest) {
          listing = true;
          open = !SENTENCE_END.test(sentence);
        }
      }
      kept.push(rest);
    }
  }
  return kept.join(" ");
}
