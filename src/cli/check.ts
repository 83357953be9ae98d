import { readFile } from 'node:fs/promises';
import { Engine } from '../engine/engine.js';
import { InputError } from '../engine/errors.js';
import { parseHeaderLine } from '../model/headers.js';
import type { Verdict } from '../model/verdict.js';
import { formatVerdictText } from './formatText.js';
import { type CliIO, EXIT, parseCommandArgs, UsageError } from './io.js';
import { loadSiteInput, parseSiteArgs, SITE_OPTIONS, SITE_USAGE, type SiteArgs } from './siteArgs.js';

export const CHECK_USAGE = `usage: clearance check [FILE...] [--url URL] [--header "Name: value"]... [--profile NAME]
                       [--format json|jsonl|text] [--agent TOKEN]
                       [--robots FILE [--robots-status N]] [--tdmrep FILE] [--rsl [URL=]FILE]... [--ai-txt FILE]

  FILE ending in .html/.htm is HTML, anything else plain text; "-" reads stdin.
  One file: one JSON object (--format json, the default). Several files: one JSON line per file, in order.
  Exit codes: 0 ok, 1 a file could not be processed (reported as a line with "error"), 2 bad usage.
${SITE_USAGE}`;

export interface CheckArgs {
  files: string[];
  url?: string;
  headers: [string, string][];
  profile?: string;
  format: 'json' | 'jsonl' | 'text';
  agent?: string;
  site: SiteArgs;
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      header: { type: 'string', multiple: true, short: 'H' },
      profile: { type: 'string' },
      format: { type: 'string' },
      agent: { type: 'string' },
      ...SITE_OPTIONS,
    },
  });
  const v = parsed.values as Record<string, string | string[] | undefined>;
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError('check needs at least one FILE (use "-" for stdin)');
  const format = (v.format as string | undefined) ?? (files.length > 1 ? 'jsonl' : 'json');
  if (format !== 'json' && format !== 'jsonl' && format !== 'text')
    throw new UsageError(`--format must be json, jsonl or text, not "${format}"`);
  const headers: [string, string][] = [];
  for (const raw of (v.header as string[] | undefined) ?? []) {
    const h = parseHeaderLine(raw);
    if (!h) throw new UsageError(`--header "${raw}" is not of the form "Name: value"`);
    headers.push(h);
  }
  if (v.url !== undefined) {
    try {
      new URL(v.url as string);
    } catch {
      throw new UsageError(`--url "${v.url}" is not an absolute URL`);
    }
  }
  return {
    files,
    url: v.url as string | undefined,
    headers,
    profile: v.profile as string | undefined,
    format,
    agent: v.agent as string | undefined,
    site: parseSiteArgs(v),
  };
}

function kindOf(file: string): 'html' | 'text' {
  return /\.html?$/i.test(file) ? 'html' : 'text';
}

export async function runCheck(argv: string[], io: CliIO, engine?: Engine): Promise<number> {
  const args = parseCheckArgs(argv);
  const eng = engine ?? new Engine();
  if (args.profile && !eng.resources.profiles.has(args.profile))
    throw new UsageError(`unknown profile "${args.profile}"; known: ${[...eng.resources.profiles.keys()].join(', ')}`);
  const site = await loadSiteInput(args.site);
  const many = args.files.length > 1;
  let failed = false;
  for (const file of args.files) {
    let verdict: Verdict & { file?: string };
    try {
      const body = file === '-' ? await io.readStdin() : await readFile(file);
      verdict = eng.check(
        {
          url: args.url,
          headers: args.headers,
          body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          kind: file === '-' ? 'auto' : kindOf(file),
        },
        { profile: args.profile, agent: args.agent, site },
      );
    } catch (e) {
      failed = true;
      const code =
        e instanceof InputError ? e.code : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not_found' : 'read_error';
      const message = e instanceof Error ? e.message : String(e);
      if (args.format === 'text') io.stderr(`${file}: error: ${message}\n`);
      else io.stdout(`${JSON.stringify({ file, error: { code, message } })}\n`);
      continue;
    }
    if (args.format === 'text') io.stdout(formatVerdictText(verdict, many ? file : undefined));
    else if (!many && args.format === 'json') io.stdout(`${JSON.stringify(verdict, null, 2)}\n`);
    else io.stdout(`${JSON.stringify({ file, ...verdict })}\n`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}
