import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { bodyDigest } from '../../src/store/repos/fetches';

/** The fetch row's body hash is a stored contract: a string body hashes as the UTF-8 bytes Buffer.from makes. */
test('a string body digests like its UTF-8 bytes, lone surrogates included', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      const bytes = Buffer.from(s, 'utf8');
      expect(bodyDigest(s)).toEqual({
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.byteLength,
      });
      expect(bodyDigest(bytes)).toEqual(bodyDigest(s));
    }),
    { numRuns: 2000 },
  );
});
