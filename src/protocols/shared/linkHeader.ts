/**
 * RFC 8288 `Link` header values: `<uri>; rel="license"; type="application/rsl+xml", <uri2>; rel=next`.
 * Hand-written because the registry's Link parsers either pull a dependency tree or are unmaintained;
 * this handles quoted strings containing commas and semicolons, which is all the RSL/CC cases need.
 */
export interface LinkValue {
  uri: string;
  params: Record<string, string>;
}

export function parseLinkHeader(value: string): LinkValue[] {
  const out: LinkValue[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    const lt = value.indexOf('<', i);
    if (lt < 0) break;
    const gt = value.indexOf('>', lt + 1);
    if (gt < 0) break;
    const link: LinkValue = { uri: value.slice(lt + 1, gt).trim(), params: {} };
    i = gt + 1;
    // parameters until the next top-level comma
    while (i < n) {
      while (i < n && /\s/.test(value[i]!)) i++;
      if (value[i] === ',') {
        i++;
        break;
      }
      if (value[i] !== ';') {
        i++;
        continue;
      }
      i++;
      const eq = value.slice(i).search(/[=;,]/);
      const nameEnd = eq < 0 ? n : i + eq;
      const name = value.slice(i, nameEnd).trim().toLowerCase();
      i = nameEnd;
      let v = '';
      if (value[i] === '=') {
        i++;
        while (i < n && /\s/.test(value[i]!)) i++;
        if (value[i] === '"') {
          i++;
          while (i < n && value[i] !== '"') {
            if (value[i] === '\\' && i + 1 < n) i++;
            v += value[i];
            i++;
          }
          i++;
        } else {
          const end = value.slice(i).search(/[;,]/);
          v = value.slice(i, end < 0 ? n : i + end).trim();
          i = end < 0 ? n : i + end;
        }
      }
      if (name && !(name in link.params)) link.params[name] = v;
    }
    out.push(link);
  }
  return out;
}

export function relIncludes(params: Record<string, string>, rel: string): boolean {
  return (params.rel ?? '').toLowerCase().split(/\s+/).includes(rel);
}
