import { Engine } from '../../src/engine/engine';

const engine = new Engine();
const footerNotice = (meta = '') =>
  `<html><head>${meta}</head><body><p>x</p><footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY</a></footer></body></html>`;

describe('profiles decide exclude, never uses', () => {
  test('CC BY alone: attribution is tolerated for training, not for redistribution (conservative)', () => {
    const v = engine.check({ body: footerNotice() });
    expect(v.uses['ai-train']).toBe('conditional');
    expect(v.reservation).toBe(false);
    expect(v.exclude).toEqual({ training: false, redistribution: true });
  });

  test('CC BY-NC: non-commercial is not tolerated for training', () => {
    const v = engine.check({
      body: '<a rel="license" href="https://creativecommons.org/licenses/by-nc/4.0/">x</a>',
      kind: 'html',
    });
    expect(v.exclude.training).toBe(true);
  });

  test('CC0: nothing excluded', () => {
    const v = engine.check({
      body: '<a rel="license" href="https://creativecommons.org/publicdomain/zero/1.0/">x</a>',
      kind: 'html',
    });
    expect(v.exclude).toEqual({ training: false, redistribution: false });
  });

  test('machine-readable reservation excludes under both profiles; uses identical', () => {
    const input = { body: footerNotice('<meta name="tdm-reservation" content="1">') };
    const a = engine.check(input, { profile: 'conservative' });
    const b = engine.check(input, { profile: 'eu-statutory' });
    expect(a.uses).toEqual(b.uses);
    expect(a.exclude.training && b.exclude.training).toBe(true);
    expect(a.machineReadableReservation).toBe(true);
  });

  test('a reservation that is not machine-readable excludes only under conservative', () => {
    // dc.rights is natural-language text in a meta: evidence with machineReadable=false. Build one by
    // hand through a custom detector so the test does not depend on the notice detector.
    const custom = new Engine({
      detectors: [
        {
          name: 'fake-notice',
          detect: () => ({
            evidence: [
              {
                id: 'ev_fake',
                signal: 'notice-text',
                protocol: 'notice',
                source: 'page',
                location: { kind: 'text', region: 'footer', start: 0, end: 1 },
                excerpt: 'Text and data mining reserved.',
                effects: { tdm: 'denied', 'ai-train': 'denied' },
                confidence: 0.9,
                machineReadable: false,
                reservation: true,
              },
            ],
            flags: [],
          }),
        },
      ],
    });
    const a = custom.check({ body: '<p>x</p>' }, { profile: 'conservative' });
    const b = custom.check({ body: '<p>x</p>' }, { profile: 'eu-statutory' });
    expect(a.uses).toEqual(b.uses);
    expect(a.exclude.training).toBe(true);
    expect(b.exclude.training).toBe(false);
    expect(b.reservation).toBe(true);
    expect(b.machineReadableReservation).toBe(false);
  });
});
