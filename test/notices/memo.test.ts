import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LruMemo } from '../../src/notices/memo';

/** A full collection, from a test: the flag exposes `gc` to contexts made after it is set. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A 400 KB page that ends with `line` (a fresh string each call, as each crawled page is). */
function pageEndingWith(line: string, n: number): string {
  return `<p>${String(n).repeat(8)}</p>`.repeat(20_000).slice(0, 400_000 - line.length) + line;
}

describe('LruMemo', () => {
  test('computes once per key, then answers from memory', () => {
    const memo = new LruMemo<number>(10, 100, 1000);
    let calls = 0;
    const f = () => ++calls;
    expect(memo.get('a', f)).toBe(1);
    expect(memo.get('a', f)).toBe(1);
    expect(memo.get('b', f)).toBe(2);
    expect(calls).toBe(2);
  });

  test('keeps at most maxEntries, dropping the least recently used', () => {
    const memo = new LruMemo<string>(2, 100, 1000);
    const computed: string[] = [];
    const get = (k: string) =>
      memo.get(k, () => {
        computed.push(k);
        return k.toUpperCase();
      });
    get('a');
    get('b');
    get('a'); // a is now the most recent
    get('c'); // evicts b
    get('a');
    get('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });

  test('long keys are computed every time and never stored', () => {
    const memo = new LruMemo<boolean>(10, 5, 1000);
    let calls = 0;
    const count = () => {
      calls++;
      return true;
    };
    memo.get('123456', count);
    memo.get('123456', count);
    expect(calls).toBe(2);
  });

  test('a memoised false is an answer, not a miss', () => {
    const memo = new LruMemo<boolean>(10, 100, 1000);
    let calls = 0;
    const count = () => {
      calls++;
      return false;
    };
    memo.get('x', count);
    memo.get('x', count);
    expect(calls).toBe(1);
  });

  test('the keys held add up to at most maxTotalChars', () => {
    const memo = new LruMemo<number>(100, 10, 12);
    const computed: string[] = [];
    const get = (k: string) =>
      memo.get(k, () => {
        computed.push(k);
        return k.length;
      });
    get('aaaaa');
    get('bbbbb');
    get('ccccc'); // 15 characters: aaaaa is dropped
    get('bbbbb');
    get('aaaaa');
    expect(computed).toEqual(['aaaaa', 'bbbbb', 'ccccc', 'aaaaa']);
  });

  test('neither a miss nor a hit keeps the page its key was cut from', () => {
    const memo = new LruMemo<boolean>(1000, 100, 100_000);
    const cut = (line: string, n: number) => {
      const page = pageEndingWith(line, n);
      return page.slice(page.length - line.length);
    };
    collect();
    const before = process.memoryUsage().heapUsed;
    // 100 footer lines, each first seen on one page (a miss) and again on another (a hit): 200 pages.
    for (let n = 0; n < 100; n++) {
      const line = `Footer line ${n}: all rights reserved.`;
      memo.get(cut(line, 2 * n), () => true);
      memo.get(cut(line, 2 * n + 1), () => false);
    }
    collect();
    // Pinned, 100 of the 400 KB pages would hold 40 MB or more.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10_000_000);
  });
});
