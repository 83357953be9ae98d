import type { Response } from 'express';

export type NdjsonItem = { line: number; text: string; tooLong?: false } | { line: number; tooLong: true };

/**
 * Splits a byte stream into lines without reading ahead: the consumer's `await` between lines pauses the
 * source, which is what gives a batch its back-pressure. Hand-written rather than `readline` because a
 * line over `maxLineBytes` must become one error item (and the stream go on after its newline) instead of
 * being buffered whole.
 * Line numbers count every line, blank ones included (blank lines are skipped), so they match the input.
 */
export async function* ndjsonLines(
  source: AsyncIterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonItem> {
  let parts: Buffer[] = [];
  let partsLen = 0;
  let overflow = false;
  let lineNo = 0;
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        const rest = chunk.subarray(start);
        if (!overflow) {
          if (partsLen + rest.length > maxLineBytes) {
            overflow = true;
            parts = [];
            partsLen = 0;
          } else if (rest.length > 0) {
            parts.push(rest);
            partsLen += rest.length;
          }
        }
        break;
      }
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      lineNo++;
      if (overflow || partsLen + piece.length > maxLineBytes) {
        overflow = false;
        parts = [];
        partsLen = 0;
        yield { line: lineNo, tooLong: true };
        continue;
      }
      const bytes = parts.length > 0 ? Buffer.concat([...parts, piece]) : piece;
      parts = [];
      partsLen = 0;
      const text = bytes.toString('utf8');
      if (text.trim() === '') continue;
      yield { line: lineNo, text };
    }
  }
  if (overflow) yield { line: lineNo + 1, tooLong: true };
  else if (partsLen > 0) {
    const text = Buffer.concat(parts).toString('utf8');
    if (text.trim() !== '') yield { line: lineNo + 1, text };
  }
}

/**
 * Writes and, when the socket buffer is full, waits until it drains (or the client goes away) before
 * returning: the slow reader slows the producer. Returns false once the client is gone.
 */
export async function writeWithBackpressure(res: Response, data: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(data)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
