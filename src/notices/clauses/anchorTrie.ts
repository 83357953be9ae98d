/**
 * Literal anchors → value ids, as a trie of UTF-16 code units held in flat typed arrays. Node 0 is the root;
 * node n's edges are `edgeUnit`/`edgeNode` from `edgeStart[n]` to `edgeStart[n + 1]`, sorted by unit; its
 * values are `values` from `valueStart[n]` to `valueStart[n + 1]`, in the order they were added.
 *
 * Plain data of a few typed arrays: the compiled rules artefact (src/resources/artefact.ts) reads it back as
 * fast as a file copy, where the trie of Maps it replaces (12,235 nodes for the cue gate) took 27 ms to
 * deserialise and ~2 MB of heap in every process and worker.
 */
export interface AnchorTrieState {
  edgeStart: Int32Array;
  edgeUnit: Uint16Array;
  edgeNode: Int32Array;
  valueStart: Int32Array;
  values: Int32Array;
  /** The root's child for each code unit below ROOT_TABLE (0: none): the walk starts at every word. */
  rootTable: Int32Array;
}

/** Latin, Greek, Cyrillic and their diacritics; other scripts' first units are found by halving. */
const ROOT_TABLE = 0x600;

/** Edges of one node scanned one by one below this count, halved above it. */
const LINEAR_EDGES = 8;

interface BuildNode {
  next: Map<number, BuildNode>;
  values: number[];
}

export class AnchorTrie {
  private constructor(private readonly s: AnchorTrieState) {}

  static fromState(state: AnchorTrieState): AnchorTrie {
    return new AnchorTrie(state);
  }

  /** `entries`: [anchor, value id]; an anchor given twice keeps both values. */
  static build(entries: Iterable<readonly [string, number]>): AnchorTrie {
    const root: BuildNode = { next: new Map(), values: [] };
    for (const [anchor, value] of entries) {
      let n = root;
      for (let k = 0; k < anchor.length; k++) {
        const unit = anchor.charCodeAt(k);
        let c = n.next.get(unit);
        if (!c) {
          c = { next: new Map(), values: [] };
          n.next.set(unit, c);
        }
        n = c;
      }
      n.values.push(value);
    }
    return new AnchorTrie(flatten(root));
  }

  toState(): AnchorTrieState {
    return this.s;
  }

  /** The child of `node` along `unit`, or 0 when there is none (0 is the root, never a child). */
  next(node: number, unit: number): number {
    if (node === 0 && unit < ROOT_TABLE) return this.s.rootTable[unit]!;
    const { edgeStart, edgeUnit, edgeNode } = this.s;
    let lo = edgeStart[node]!;
    let hi = edgeStart[node + 1]!;
    while (hi - lo > LINEAR_EDGES) {
      const mid = (lo + hi) >>> 1;
      // [lo, hi) keeps the first edge whose unit is not below `unit`.
      if (edgeUnit[mid]! < unit) lo = mid + 1;
      else hi = mid + 1;
    }
    for (let e = lo; e < hi; e++) if (edgeUnit[e] === unit) return edgeNode[e]!;
    return 0;
  }

  /** First index into `value()` of the node's values; `valuesEnd` is one past the last. */
  valuesStart(node: number): number {
    return this.s.valueStart[node]!;
  }

  valuesEnd(node: number): number {
    return this.s.valueStart[node + 1]!;
  }

  value(k: number): number {
    return this.s.values[k]!;
  }
}

/** Breadth first: node ids in the order nodes are first reached, edges sorted by code unit. */
function flatten(root: BuildNode): AnchorTrieState {
  const order: BuildNode[] = [root];
  const edgeStart: number[] = [];
  const edgeUnit: number[] = [];
  const edgeNode: number[] = [];
  const valueStart: number[] = [];
  const values: number[] = [];
  for (let n = 0; n < order.length; n++) {
    const node = order[n]!;
    edgeStart.push(edgeUnit.length);
    valueStart.push(values.length);
    values.push(...node.values);
    for (const unit of [...node.next.keys()].sort((a, b) => a - b)) {
      edgeUnit.push(unit);
      edgeNode.push(order.length);
      order.push(node.next.get(unit)!);
    }
  }
  edgeStart.push(edgeUnit.length);
  valueStart.push(values.length);
  const rootTable = new Int32Array(ROOT_TABLE);
  for (let e = edgeStart[0]!; e < edgeStart[1]!; e++)
    if (edgeUnit[e]! < ROOT_TABLE) rootTable[edgeUnit[e]!] = edgeNode[e]!;
  return {
    rootTable,
    edgeStart: Int32Array.from(edgeStart),
    edgeUnit: Uint16Array.from(edgeUnit),
    edgeNode: Int32Array.from(edgeNode),
    valueStart: Int32Array.from(valueStart),
    values: Int32Array.from(values),
  };
}
