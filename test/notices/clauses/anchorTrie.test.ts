import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import { AnchorTrie } from '../../../src/notices/clauses/anchorTrie';

/** Every value whose anchor starts at `at`, found by walking the trie (in walk order, then insertion order). */
function walk(trie: AnchorTrie, text: string, at: number): number[] {
  const out: number[] = [];
  let n = trie.next(0, text.charCodeAt(at));
  for (let j = at + 1; n !== 0; j++) {
    for (let k = trie.valuesStart(n); k < trie.valuesEnd(n); k++) out.push(trie.value(k));
    n = j < text.length ? trie.next(n, text.charCodeAt(j)) : 0;
  }
  return out;
}

/** The same by comparing every anchor with the text: shorter anchors first, then insertion order. */
function naive(entries: [string, number][], text: string, at: number): number[] {
  const hits = entries
    .map(([a, v], i) => ({ a, v, i }))
    .filter(({ a }) => a.length > 0 && text.startsWith(a, at))
    .sort((x, y) => x.a.length - y.a.length || x.i - y.i);
  return hits.map((h) => h.v);
}

// Few letters, so anchors share prefixes and texts hold them; a wide node (many first letters) is searched
// by halving, a narrow one edge by edge.
const letter = fc.constantFrom('a', 'b', 'é', 'ж', '中', 'z', ' ', '\u00ad', ...'cdefghijklmnopqrst');
const word = fc.array(letter, { minLength: 1, maxLength: 6 }).map((l) => l.join(''));

test('the trie finds exactly the anchors that start at each position', () => {
  fc.assert(
    fc.property(fc.array(word, { maxLength: 60 }), fc.array(letter, { maxLength: 80 }), (anchors, chars) => {
      const entries = anchors.map((a, i): [string, number] => [a, i]);
      const trie = AnchorTrie.build(entries);
      const text = chars.join('') + anchors.slice(0, 5).join('');
      for (let at = 0; at < text.length; at++) expect(walk(trie, text, at)).toEqual(naive(entries, text, at));
    }),
    { numRuns: 300 },
  );
});

test('its state survives v8 serialisation (the rules artefact) unchanged', () => {
  const entries: [string, number][] = ['all rights', 'all', 'alle rechte', 'tdm', 'text and data'].map((a, i) => [
    a,
    i,
  ]);
  const trie = AnchorTrie.build(entries);
  const copy = AnchorTrie.fromState(deserialize(serialize(trie.toState())));
  const text = 'xx all rights reserved; alle rechte; text and data mining (tdm)';
  for (let at = 0; at < text.length; at++) expect(walk(copy, text, at)).toEqual(walk(trie, text, at));
  expect(walk(copy, text, 3)).toEqual([1, 0]);
});

test('an empty trie has no children', () => {
  const trie = AnchorTrie.build([]);
  expect(trie.next(0, 'a'.charCodeAt(0))).toBe(0);
});
