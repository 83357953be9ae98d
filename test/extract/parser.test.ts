import { Parser as PackageParser } from 'htmlparser2';
import { Parser } from '../../src/extract/parser';

/** src/extract/parser.ts loads htmlparser2's Parser.js by path: it must stay the package's own class. */
test('the Parser loaded by file is the one the package exports', () => {
  expect(Parser).toBe(PackageParser);
  const seen: string[] = [];
  const p = new Parser({ onopentag: (name) => seen.push(name) });
  p.end('<main><p>x</p></main>');
  expect(seen).toEqual(['main', 'p']);
});
