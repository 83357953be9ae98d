import { dirname, join } from 'node:path';
import type { Parser as HtmlParser } from 'htmlparser2';

/**
 * htmlparser2's streaming `Parser` without the rest of its entry module. The entry also loads domhandler,
 * domutils and the entity encoder for its DOM helpers, which we never use: requiring `Parser.js` alone
 * took 23 ms where the package took 48 ms, on every process start (CLI, each worker thread). The file sits
 * next to the entry in the pinned 12.x layout; `test/extract/parser.test.ts` fails if that changes.
 */
const file = join(dirname(require.resolve('htmlparser2')), 'Parser.js');

export const Parser = (require(file) as { Parser: typeof HtmlParser }).Parser;
export type Parser = HtmlParser;
