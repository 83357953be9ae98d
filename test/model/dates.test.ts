import { dateBound } from '../../src/model/dates';

describe('dateBound', () => {
  test('a calendar day is its start, or its end for an upper bound', () => {
    expect(dateBound('2026-11-01', false)).toBe('2026-11-01T00:00:00.000Z');
    expect(dateBound('2026-11-01', true)).toBe('2026-11-01T23:59:59.999Z');
    expect(dateBound('2024-02-29', false)).toBe('2024-02-29T00:00:00.000Z');
  });

  test('a full timestamp is normalised to UTC', () => {
    expect(dateBound('2026-11-01T10:30:00+02:00', false)).toBe('2026-11-01T08:30:00.000Z');
    expect(dateBound('2026-11-01T10:30Z', true)).toBe('2026-11-01T10:30:00.000Z');
  });

  test.each(['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '2026-02-31T00:00:00Z'])(
    'impossible date %s is refused, not rolled over',
    (v) => expect(dateBound(v, false)).toBeNull(),
  );

  test.each(['yesterday', '', '2026-1-1', '20261101', '2026-11-01T25:00:00Z', 'Nov 1 2026', '2026-11-01 junk'])(
    'not a date: %j',
    (v) => expect(dateBound(v, false)).toBeNull(),
  );
});
