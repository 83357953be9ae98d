import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './errors.js';

/**
 * Requests Node's HTTP parser refuses before the app sees them (raw non-ASCII bytes in the request line,
 * malformed headers, headers over the size limit) get the same JSON error body as every other error,
 * instead of Node's bare 400 without a body.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify(
      errorBody(
        tooLarge ? 'headers_too_large' : 'bad_request',
        tooLarge
          ? 'the request headers are larger than the server accepts'
          : `the request is not valid HTTP (${err.code ?? 'parse error'}): the request line and headers must be ASCII, URLs percent-encoded`,
      ),
    );
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
