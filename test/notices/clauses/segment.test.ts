import { segment } from '../../../src/notices/clauses/segment';

function sentences(text: string, opts = {}) {
  const s = segment(text, opts);
  return s.sentences.map((x) => ({ text: text.slice(x.start, x.end), ...x }));
}

describe('sentence segmentation', () => {
  test('offsets point into the input', () => {
    const text = 'All rights reserved. Text and data mining is prohibited.';
    const out = sentences(text);
    expect(out.map((s) => s.text)).toEqual(['All rights reserved.', 'Text and data mining is prohibited.']);
    expect(out[1]!.start).toBe(21);
  });

  test('abbreviations in statute references do not end a sentence', () => {
    const de = '© 2026 Example GmbH. Alle Rechte vorbehalten. Text und Data Mining vorbehalten (§ 44b Abs. 3 UrhG).';
    expect(sentences(de).map((s) => s.text)).toEqual([
      '© 2026 Example GmbH.',
      'Alle Rechte vorbehalten.',
      'Text und Data Mining vorbehalten (§ 44b Abs. 3 UrhG).',
    ]);
    const pl = 'Wszelkie prawa zastrzeżone (art. 26³ ust. 1 pkt. 2 ustawy). Kolejne zdanie.';
    expect(sentences(pl)).toHaveLength(2);
    const fr = "Ankama exerce son droit d'opposition (art.\nL. 122-5-3 CPI) : les opérations sont interdites.";
    expect(sentences(fr)).toHaveLength(1);
  });

  test('robots.txt comment markers are masked and wrapped lines are joined', () => {
    const text =
      '# Notice: Collection of data on Facebook through automated means is\n# prohibited unless you have express written permission from Facebook\n# and may only be conducted for the limited purpose.';
    const s = segment(text);
    // One sentence over three comment lines.
    expect(s.sentences).toHaveLength(1);
    expect(text.slice(s.sentences[0]!.start, s.sentences[0]!.end)).toMatch(/^Notice: .* limited purpose\.$/s);
    expect(s.mask).toHaveLength(text.length);
    expect(s.mask.includes('#')).toBe(false);
  });

  test('a lead ending with ":" and its list items', () => {
    const text = 'Untersagt ist insbesondere:\n- das Scraping,\n- Text- und Data-Mining.\n\nDanach.';
    const out = sentences(text);
    expect(out.map((s) => [s.text, s.lead, s.listItem])).toEqual([
      ['Untersagt ist insbesondere:', true, false],
      ['das Scraping,', false, true],
      ['Text- und Data-Mining.', false, true],
      ['Danach.', false, false],
    ]);
  });

  test('a standalone short line is a heading; "L. 122" is not a list marker', () => {
    const out = sentences('Verbot der KI-Nutzung\n\nDer Betreiber untersagt die Nutzung.');
    expect(out[0]).toMatchObject({ text: 'Verbot der KI-Nutzung', heading: true });
    expect(out[1]).toMatchObject({ heading: false, paragraph: 1 });
  });

  test('HTML list items and headings come in as offsets', () => {
    const text = 'Prohibited:\n\nScraping\n\nAI training';
    const out = sentences(text, { listStarts: new Set([13, 23]), headingStarts: new Set([0]) });
    expect(out.map((s) => s.listItem)).toEqual([false, true, true]);
    expect(out[0]!.heading).toBe(true);
  });

  test('empty and whitespace-only input', () => {
    expect(segment('').sentences).toEqual([]);
    expect(segment('  \n\n \t').sentences).toEqual([]);
  });
});
