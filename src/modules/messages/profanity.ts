import {
  DataSet,
  RegExpMatcher,
  TextCensor,
  asteriskCensorStrategy,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
} from 'obscenity';

export interface FilterResult {
  text: string;
  filtered: boolean;
  /** How many terms were masked. */
  matches: number;
}

/**
 * Masks profanity with asterisks (obscenity's English dataset, resistant to leetspeak and look-alikes),
 * plus extra words from PROFANITY_WORDS. The message is kept; only the words are masked.
 */
export class ProfanityFilter {
  private readonly matcher?: RegExpMatcher;
  private readonly censor = new TextCensor().setStrategy(asteriskCensorStrategy());

  constructor(enabled: boolean, extraWords: string[] = []) {
    if (!enabled) return;
    const dataset = new DataSet<{ originalWord: string }>().addAll(englishDataset);
    for (const word of extraWords) {
      const clean = word.toLowerCase().replace(/[^a-z0-9 ]/g, '');
      if (!clean) continue;
      dataset.addPhrase((p) => p.setMetadata({ originalWord: clean }).addPattern(parseRawPattern(clean)));
    }
    this.matcher = new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers });
  }

  apply(text: string): FilterResult {
    if (!this.matcher) return { text, filtered: false, matches: 0 };
    const matches = this.matcher.getAllMatches(text, true);
    if (!matches.length) return { text, filtered: false, matches: 0 };
    return { text: this.censor.applyTo(text, matches), filtered: true, matches: matches.length };
  }
}
