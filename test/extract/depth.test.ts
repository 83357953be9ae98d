import fc from 'fast-check';
import { KEEP_OPEN_ELEMENTS, MAX_OPEN_ELEMENTS } from '../../src/extract/depth';
import { extractHtml } from '../../src/extract/html';

/** Hostile nesting: htmlparser2's open-element stack is O(depth) per tag; ../../src/extract/depth.ts caps it. */
const nested = (tag: string, depth: number, inner: string, close = true) =>
  `<${tag}>`.repeat(depth) + inner + (close ? `</${tag}>`.repeat(depth) : '');

function bestMs(f: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

describe('HTML nesting cap', () => {
  test('a page within the cap is not flagged', () => {
    const x = extractHtml(`<body>${nested('div', MAX_OPEN_ELEMENTS - 10, 'deep text')}</body>`);
    expect(x.flags.map((f) => f.code)).not.toContain('html_nesting_capped');
    expect(x.text).toContain('deep text');
  });

  test('100,000 nested elements: flagged, and the text is still read', () => {
    for (const tag of ['div', 'span', 'b', 'svg', 'em']) {
      const x = extractHtml(`<body>${nested(tag, 100_000, 'Text and data mining is prohibited.')}<p>after</p></body>`);
      expect(x.flags.map((f) => f.code)).toContain('html_nesting_capped');
      if (tag !== 'svg') expect(x.text).toContain('Text and data mining is prohibited.');
      expect(x.text).toContain('after');
    }
  });

  test('an outer hidden element forgotten by the cap does not hide the rest of the page for ever', () => {
    const x = extractHtml(
      `<body><noscript>${nested('div', 2 * MAX_OPEN_ELEMENTS, 'inside')}</noscript><p>visible notice</p></body>`,
    );
    expect(x.text).toContain('visible notice');
  });

  test('regions inside the kept depth are still known', () => {
    const html = `<body>${nested('div', 3 * MAX_OPEN_ELEMENTS, '<footer><p>All rights reserved.</p></footer>', false)}</body>`;
    const x = extractHtml(html);
    const block = x.blocks.find((b) => b.text.includes('All rights reserved.'));
    expect(block?.region).toBe('footer');
  });

  test('nesting costs linear time: n vs 8n levels grow at most 16×', () => {
    extractHtml(nested('div', 1000, 'warm-up'));
    const small = bestMs(() => extractHtml(nested('div', 10_000, 'x')));
    const large = bestMs(() => extractHtml(nested('div', 80_000, 'x')));
    expect(large / Math.max(small, 1)).toBeLessThan(16);
  });

  test('property: any mix of open, close and stray tags parses, and counters never hide later text', () => {
    const piece = fc.oneof(
      fc
        .constantFrom('div', 'span', 'section', 'footer', 'noscript', 'svg', 'p', 'li', 'table', 'a')
        .map((t) => `<${t}>`),
      fc
        .constantFrom('div', 'span', 'section', 'footer', 'noscript', 'svg', 'p', 'li', 'table', 'a')
        .map((t) => `</${t}>`),
      fc.constantFrom('text ', '<br>', '<img src=x>', '&amp;'),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 200 }),
        fc.integer({ min: 0, max: 3 * KEEP_OPEN_ELEMENTS }),
        (pieces, depth) => {
          const html = `${nested('div', depth, pieces.join(''), false)}</noscript></svg>${'</div>'.repeat(depth + 300)}<p>tail marker</p>`;
          const x = extractHtml(html);
          expect(x.text).toContain('tail marker');
        },
      ),
      { numRuns: 60 },
    );
  });
});
