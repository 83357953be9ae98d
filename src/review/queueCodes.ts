import { SIGNALS, type Signal } from '../model/evidence.js';
import { type Permission, USES, type Use, type UseMap } from '../model/uses.js';

/**
 * Compact encodings the review queue filters on inside one index (migration 070): the effective
 * permissions as 2 bits per use, the signal types present as a bit set, the host with reversed labels.
 */
const PERM_CODE: Record<Permission, number> = { unknown: 0, allowed: 1, conditional: 2, denied: 3 };

export function permissionCode(p: Permission): number {
  return PERM_CODE[p];
}

/** Bit offset of a use in `uses_code`. */
export function useShift(u: Use): number {
  return USES.indexOf(u) * 2;
}

export function usesCode(uses: UseMap): number {
  let code = 0;
  for (const u of USES) code |= PERM_CODE[uses[u]] << useShift(u);
  return code;
}

export function signalBit(s: Signal): number {
  return 2 ** SIGNALS.indexOf(s);
}

export function signalsMask(signals: Iterable<string>): number {
  let mask = 0;
  for (const s of signals) {
    const i = (SIGNALS as readonly string[]).indexOf(s);
    if (i >= 0) mask |= 2 ** i;
  }
  return mask;
}

/** `www.example.com` → `com.example.www`: a domain and its sub-domains become one index range. */
export function reverseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').split('.').reverse().join('.');
}
