// Message bodies with a realistic word distribution for the history and search scenarios: words drawn from a
// vocabulary by Zipf's law (the word of rank r has probability proportional to 1/r, as in natural text), 3 to 16
// words a message. The vocabulary starts with common English chat words, in rough frequency order, and continues
// with made-up words (so rare words exist, with a known expected count). Deterministic (seeded), so PostgreSQL and
// SQLite get the same bodies.

const COMMON = `the i to you a and it is that of in we for on this be have can do not with so just at but
what my are was will if me all know about get like up no out think one there your they now it's don't
yes ok time good can't go how when need see would work should then new let's today meeting make back look
still some here team check sure thanks right could more also did deploy we're going want because build
tomorrow morning update issue fix release test review please code branch server call doc send file week
last pr merge thing looks nice idea later probably maybe yeah cool great problem people something again
already agree after before first soon customer data error logs ticket plan sprint design draft launch
numbers report budget project friday monday client email slack chat lunch coffee office remote home`
  .split(/\s+/)
  .filter(Boolean);

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'vo', 'shi', 'par', 'del', 'qui', 'zen', 'bo', 'fa', 'gri', 'ny', 'ost', 'ul', 'wex', 'ja', 'tor'];

/** The vocabulary: COMMON, then made-up three-syllable words up to `size` words. */
export function vocabulary(size = 20000) {
  const words = [...new Set(COMMON)];
  const seen = new Set(words);
  const n = SYLLABLES.length;
  for (let i = 0; words.length < size; i++) {
    const w = SYLLABLES[i % n] + SYLLABLES[Math.floor(i / n) % n] + SYLLABLES[Math.floor(i / (n * n)) % n] + (i >= n * n * n ? String(Math.floor(i / (n * n * n))) : '');
    if (!seen.has(w)) (seen.add(w), words.push(w));
  }
  return words;
}

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator of bodies: `next()` returns the next message. Word rank r is drawn log-uniformly on [1, N+1) (density
 * 1/r: Zipf with exponent 1), so P(rank r) = ln((r+1)/r) / ln(N+1).
 */
export function bodies({ seed = 7, size = 20000 } = {}) {
  const words = vocabulary(size);
  const rnd = prng(seed);
  const lnN = Math.log(words.length + 1);
  return {
    words,
    next() {
      const len = 3 + Math.floor(rnd() * 14);
      const out = new Array(len);
      for (let i = 0; i < len; i++) out[i] = words[Math.min(words.length, Math.floor(Math.exp(rnd() * lnN))) - 1];
      return out.join(' ');
    },
  };
}

/** Expected share of messages (of mean length 9.5 words) containing the word of rank r. */
export function expectedShare(r, size = 20000) {
  const p = Math.log((r + 1) / r) / Math.log(size + 1);
  return 1 - (1 - p) ** 9.5;
}

/**
 * The search terms the bench uses: a common word ("the", rank 1: in about half the messages), a rare word (rank
 * 15000: about 40 messages of a million) and a phrase of two common words ("the meeting": both words are frequent
 * apart, the phrase is in about 0.1% of messages).
 */
export function searchTerms(size = 20000) {
  const w = vocabulary(size);
  return { common: w[0], rare: w[14999], phrase: '"the meeting"' };
}
