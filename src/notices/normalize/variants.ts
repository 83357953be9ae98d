/**
 * Spelling variants that mean the same word, mapped to one form. Applied after lower-casing and diacritic
 * folding, so patterns are lower-case ASCII. Hyphenated and spaced forms that the tokenizer already splits
 * the same way ("data-mining" = "data mining") need no entry; only forms that glue or split words do.
 * Sources: licensee's normalisations and the SPDX matching guidelines' equivalent words, plus web usage.
 */
export interface SpellingVariant {
  /** Global, lower-case pattern. */
  pattern: RegExp;
  replacement: string;
  /** What it unifies, for docs and tests. */
  example: string;
}

export const SPELLING_VARIANTS: readonly SpellingVariant[] = [
  { pattern: /\blicenc(?=e|ing)/g, replacement: 'licens', example: 'licence, licences, licenced → license…' },
  { pattern: /\bsub[\s-]license/g, replacement: 'sublicense', example: 'sub-license → sublicense' },
  {
    pattern: /\b(authori|organi|utili|recogni|digiti|summari)s(?=e|ed|es|ing|ation)/g,
    replacement: '$1z',
    example: 'authorised → authorized',
  },
  { pattern: /\bdatamining\b/g, replacement: 'data mining', example: 'datamining → data mining' },
  { pattern: /\btextmining\b/g, replacement: 'text mining', example: 'textmining → text mining' },
  { pattern: /\bweb[\s-]?scrap/g, replacement: 'web scrap', example: 'webscraping → web scraping' },
  { pattern: /\bnon[\s-]commercial/g, replacement: 'noncommercial', example: 'non-commercial → noncommercial' },
  { pattern: /\bnon[\s-]profit/g, replacement: 'nonprofit', example: 'non-profit → nonprofit' },
  { pattern: /\be[\s-]mail/g, replacement: 'email', example: 'e-mail → email' },
  { pattern: /\bweb[\s-]site/g, replacement: 'website', example: 'web site → website' },
  { pattern: /\ba\.\s?i\.?(?![a-z])/g, replacement: 'ai', example: 'A.I. → AI' },
  { pattern: /\bgen[\s-]ai\b/g, replacement: 'genai', example: 'gen-AI → genai' },
  { pattern: /\bre[\s-]use/g, replacement: 'reuse', example: 're-use → reuse' },
  { pattern: /\bpre[\s-]train/g, replacement: 'pretrain', example: 'pre-trained → pretrained' },
  { pattern: /\bfinetun/g, replacement: 'fine tun', example: 'finetuning → fine tuning' },
  { pattern: /\boptout\b/g, replacement: 'opt out', example: 'optout → opt-out' },
];
