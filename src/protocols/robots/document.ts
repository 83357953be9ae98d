/**
 * A plain text that is itself a robots.txt or an ai.txt (a dataset row, a file given to `clearance check`): its rules say
 * what its site lets crawlers do, and its comments are the site's own words. Recognised by shape alone: nine
 * non-blank lines in ten at least are directives or comments, with at least one group (a `User-agent` line
 * and an `Allow`/`Disallow` rule). An article that shows robots.txt lines has prose lines too and is not one.
 *
 * Text extraction often joins a file's lines with spaces; a robots.txt flattened that way is restored (a
 * line break before every directive name and every `#` that follows a space) when one line holds more
 * than one `User-agent`.
 */

const DIRECTIVE =
  /^[ \t]*(user-agent|disallow|allow|sitemap|crawl-delay|host|content-signal|content-usage|clean-param|noindex|request-rate|visit-time)[ \t]*:/i;
const GROUP_START = /^[ \t]*user-agent[ \t]*:/i;
const RULE = /^[ \t]*(dis)?allow[ \t]*:/i;
/** Where a flattened file's lines began: a directive name before its colon, or a comment marker. */
const LINE_START = /(user-agent|disallow|allow|sitemap|crawl-delay|host|content-signal|content-usage)[ \t]*:|#/gi;
const USER_AGENT = /user-agent[ \t]*:/gi;

/** Share of non-blank lines that must be directives or comments. */
const SHAPE_SHARE = 0.9;

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0';
}

/** One line with two `User-agent` directives or more: the line breaks were lost; put them back. */
export function unflatten(line: string): string {
  USER_AGENT.lastIndex = 0;
  let agents = 0;
  while (USER_AGENT.exec(line) && agents < 2) agents++;
  if (agents < 2) return line;
  let out = '';
  let from = 0;
  LINE_START.lastIndex = 0;
  for (let m = LINE_START.exec(line); m; m = LINE_START.exec(line)) {
    if (m.index === 0 || !isSpace(line[m.index - 1])) continue;
    out += `${line.slice(from, m.index).trimEnd()}\n`;
    from = m.index;
  }
  return out + line.slice(from);
}

/** Which site file a robots-shaped text is: Spawning's ai.txt uses the same syntax and names itself. */
export type RobotsShapedFile = 'robots.txt' | 'ai.txt';

export interface RobotsShapedDocument {
  file: RobotsShapedFile;
  /** The text, line breaks restored if it was flattened. */
  body: string;
}

/** The first file name the text mentions ("parsed by pipelines that respect the ai.txt spec") names it. */
const FILE_NAME = /\b(ai|robots)\.txt\b/i;

/** The text as a robots.txt or ai.txt, or null when it is not one. */
export function robotsShapedDocument(text: string): RobotsShapedDocument | null {
  const body = robotsDocument(text);
  if (body === null) return null;
  const named = FILE_NAME.exec(body)?.[1]?.toLowerCase();
  return { file: named === 'ai' ? 'ai.txt' : 'robots.txt', body };
}

/** The text as a robots.txt (line breaks restored if it was flattened), or null when it is not one. */
export function robotsDocument(text: string): string | null {
  const lines = text.split('\n');
  const restored = lines.length <= 3 ? lines.flatMap((l) => unflatten(l).split('\n')) : lines;
  let content = 0;
  let shaped = 0;
  let groups = 0;
  let rules = 0;
  for (const line of restored) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    content++;
    if (trimmed.startsWith('#')) shaped++;
    else if (DIRECTIVE.test(line)) {
      shaped++;
      if (GROUP_START.test(line)) groups++;
      else if (RULE.test(line)) rules++;
    }
  }
  if (groups === 0 || rules === 0 || shaped < SHAPE_SHARE * content) return null;
  return restored === lines ? text : restored.join('\n');
}
