import { type AuditEntry, canonicalJson, chainEntry, GENESIS_HASH, verifyChain } from '../../src/audit/chain';

function build(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = chainEntry(
      {
        seq: i,
        at: `2026-11-28T00:00:0${i}Z`,
        actor: 'key:alice',
        action: 'conclusion.create',
        subject: `c${i}`,
        details: { b: 1, a: [i] },
      },
      prev,
    );
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe('audit hash chain', () => {
  test('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  test('an intact chain verifies', () => {
    expect(verifyChain(build(5))).toEqual({ ok: true, entries: 5 });
  });

  test('an edited entry is named', () => {
    const c = build(5);
    c[2] = { ...c[2]!, actor: 'key:mallory' };
    expect(verifyChain(c)).toMatchObject({ ok: false, brokenSeq: 3, reason: expect.stringMatching(/edited/) });
  });

  test('a deleted entry is named', () => {
    const c = build(5);
    c.splice(1, 1);
    expect(verifyChain(c)).toMatchObject({ ok: false, brokenSeq: 3 });
  });

  test('a re-hashed edit still breaks the link to the next entry', () => {
    const c = build(4);
    const forged = chainEntry({ ...c[1]!, subject: 'forged' }, c[1]!.prevHash);
    c[1] = forged;
    expect(verifyChain(c)).toMatchObject({ ok: false, brokenSeq: 3, reason: expect.stringMatching(/prev_hash/) });
  });
});
