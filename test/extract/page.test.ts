import fc from 'fast-check';
import { type ExtractedPage, visibleLength, visibleSlice, withLazyText } from '../../src/extract/page';

/** A page of the given block texts, laid out as the extractor lays them out (joined with "\n"). */
function pageOf(texts: string[]): ExtractedPage {
  let start = 0;
  const blocks = texts.map((text) => {
    const b = { text, start, srcStart: 0, srcEnd: 0, region: 'body' as const, segments: [] };
    start += text.length + 1;
    return b;
  });
  return withLazyText({ blocks } as unknown as Omit<ExtractedPage, 'text'>);
}

test('visibleSlice and visibleLength equal slicing and measuring the joined text', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 12 }), { maxLength: 12 }),
      fc.integer({ min: -3, max: 200 }),
      fc.integer({ min: -3, max: 200 }),
      (texts, a, b) => {
        const page = pageOf(texts);
        const start = Math.max(0, a);
        expect(visibleLength(page)).toBe(page.text.length);
        expect(visibleSlice(page, start, b)).toBe(page.text.slice(start, Math.max(start, b)));
      },
    ),
    { numRuns: 2000 },
  );
});

test('a slice across blocks keeps the newline between them', () => {
  const page = pageOf(['All rights', 'reserved.', '', 'No TDM.']);
  expect(visibleSlice(page, 4, 24)).toBe('rights\nreserved.\n\nNo');
});
