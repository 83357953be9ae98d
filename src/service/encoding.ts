import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Request } from 'express';
import { ApiError } from './errors.js';

/**
 * Request bodies sent with `Content-Encoding`. JSON and text bodies are inflated by body-parser; NDJSON batches
 * are read as a stream, so they are decoded here. A body that does not hold the encoding it declares is the
 * client's error: 400 `bad_encoding` naming the encoding and what zlib found, never a 500.
 */
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The request body as a decoded stream; 415 for an encoding the service does not read. */
export function decodedBody(req: Request): Readable {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return req;
  const make = DECODERS[encoding];
  if (!make)
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Content-Encoding "${encoding}" is not supported; use gzip, deflate, br or none`,
    );
  const decoder = make();
  req.on('error', (e) => decoder.destroy(e));
  return req.pipe(decoder);
}

/** zlib and brotli failures (raised directly, or wrapped by body-parser with the zlib code). */
export function isDecodingError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code.startsWith('Z_') || code.includes('BROTLI') || code.startsWith('ERR__ERROR'))
  );
}

export function badEncoding(encoding: string, err: Error): ApiError {
  const what = encoding ? `Content-Encoding ${encoding}` : 'its Content-Encoding';
  return new ApiError(400, 'bad_encoding', `the request body is not valid ${what}: ${err.message}`);
}
