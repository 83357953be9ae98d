import { emptyUses } from '../../src/model/uses';
import { reverseHost, signalBit, signalsMask, useShift, usesCode } from '../../src/review/queueCodes';

describe('queue encodings', () => {
  test('reverseHost reverses labels and is its own inverse', () => {
    expect(reverseHost('www.Example.com.')).toBe('com.example.www');
    expect(reverseHost(reverseHost('a.b.c'))).toBe('a.b.c');
  });

  test('usesCode packs 2 bits per use in USES order', () => {
    const uses = { ...emptyUses(), 'ai-train': 'denied' as const, search: 'allowed' as const };
    const code = usesCode(uses);
    expect((code >> useShift('ai-train')) & 3).toBe(3);
    expect((code >> useShift('search')) & 3).toBe(1);
    expect((code >> useShift('tdm')) & 3).toBe(0);
  });

  test('signalsMask sets one bit per known signal and ignores unknown names', () => {
    const mask = signalsMask(['robots-txt', 'notice-text', 'robots-txt', 'not-a-signal']);
    expect(mask & signalBit('robots-txt')).not.toBe(0);
    expect(mask & signalBit('notice-text')).not.toBe(0);
    expect(mask & signalBit('tdmrep-meta')).toBe(0);
  });
});
