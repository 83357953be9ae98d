import { LruMemo } from '../../src/notices/memo';

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
});
