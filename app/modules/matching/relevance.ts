// Text relevance: how much a firm's description speaks of each capability, by BM25 of the
// capability's words against it. Pure, no database. Client-safe.
import { CAPABILITIES, CAPABILITY_INFO } from "~/modules/companies/taxonomy";
import { CAPABILITY_WORDS } from "./lexicon";
import { offerText, tokenize } from "./tokenize";

// ---- text relevance (BM25 with fixed collection statistics) ----
// The "collection" is the capabilities' own word lists, not the firms' descriptions: a term's
// weight says how specific it is to one capability. Fixed statistics keep a pair's score
// independent of every other firm, so a stored list stays exact when unrelated firms change.
const BM25_K1 = 1.2;
const BM25_B = 0.75;
const AVERAGE_LENGTH = 60;
/** BM25 s becomes relevance s / (s + REL_HALF): one specific phrase ≈ 0.5. */
export const REL_HALF = 6;
/** Relevance below this (in hundredths) does not count at all, and is not named. */
export const REL_MIN = 30;

// Each capability's phrases as token lists, each token's weight (idf over the capabilities: a
// token in few capabilities' words is specific), and which phrases each token occurs in.
type Lexicon = {
  phrases: { cap: number; tokens: string[] }[];
  byToken: Map<string, number[]>;
  idf: Map<string, number>;
};
let lexicon: Lexicon | null = null;

function getLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const phrases: Lexicon["phrases"] = [];
  const capTokens = CAPABILITIES.map(() => new Set<string>());
  CAPABILITIES.forEach((c, cap) => {
    const info = CAPABILITY_INFO[c];
    for (const phrase of new Set([info.en, info.zh, ...CAPABILITY_WORDS[c]])) {
      const tokens = [...new Set(tokenize(phrase))];
      if (tokens.length === 0) continue;
      phrases.push({ cap, tokens });
      for (const t of tokens) capTokens[cap].add(t);
    }
  });
  const df = new Map<string, number>();
  for (const s of capTokens) for (const t of s) df.set(t, (df.get(t) ?? 0) + 1);
  const n = CAPABILITIES.length;
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
  const byToken = new Map<string, number[]>();
  phrases.forEach((p, i) => {
    for (const t of p.tokens) {
      if (!byToken.has(t)) byToken.set(t, []);
      byToken.get(t)!.push(i);
    }
  });
  lexicon = { phrases, byToken, idf };
  return lexicon;
}

/**
 * How much a description speaks of each capability as something the firm does, as whole
 * hundredths in [0, 100); below REL_MIN it is 0. BM25 of the capability's words against the
 * description without its "we are looking for" sentences, where a token counts only as part of
 * a whole phrase of the capability that the description contains: "计算" alone (from 云计算)
 * does not make a text about computer vision (计算机视觉).
 */
export function describedRelevance(description: string | null): Uint8Array {
  const rel = new Uint8Array(32);
  if (!description) return rel;
  const tokens = tokenize(offerText(description));
  if (tokens.length === 0) return rel;
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  const lex = getLexicon();
  const hits = new Map<number, number>();
  for (const t of tf.keys()) for (const p of lex.byToken.get(t) ?? []) hits.set(p, (hits.get(p) ?? 0) + 1);
  const matched = CAPABILITIES.map(() => new Set<string>());
  for (const [p, n] of hits) {
    const phrase = lex.phrases[p];
    if (n === phrase.tokens.length) for (const t of phrase.tokens) matched[phrase.cap].add(t);
  }
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * tokens.length) / AVERAGE_LENGTH);
  matched.forEach((terms, cap) => {
    let s = 0;
    for (const t of terms) {
      const f = tf.get(t)!;
      s += (lex.idf.get(t)! * (f * (BM25_K1 + 1))) / (f + norm);
    }
    const r = Math.floor((100 * s) / (s + REL_HALF));
    rel[cap] = r >= REL_MIN ? r : 0;
  });
  return rel;
}
