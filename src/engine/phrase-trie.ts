/** Marks a free slot of the edge table (nodes are non-negative). */
const NO_NODE = -1;
const MIN_EDGE_SLOTS = 1 << 10;
/** Int32 units of an edge's slot: node, code unit and child, padded so a slot never straddles a cache line. */
const EDGE = 4;

/** Where the edge (node, code) starts looking in a table of `mask` + 1 slots. */
function edgeSlot(node: number, code: number, mask: number): number {
  return (Math.imul((node << 16) ^ code, 0x9e3779b1) >>> 12) & mask;
}

/** Letters and digits of folded text: a Latin phrase must not start or end inside such a word. */
function isWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/**
 * Phrases (synonym variants, rule phrases) in a character trie: one walk from each position of a
 * message finds every phrase that starts there. It replaces alternations of hundreds of literal
 * phrases, which a regular expression tries one by one at every position (the slowest part of
 * matching a message before this).
 *
 * With `wholeWords`, a phrase that begins or ends with a Latin letter or digit matches whole words
 * only ("pw" must not fire inside "pwned"); Han has no word spaces, so Han edges match anywhere.
 */
export class PhraseTrie<T> {
  /**
   * Edge (node, UTF-16 code unit) -> child node, in an open-addressing table of one typed array: a
   * step of a walk is a multiply and a read of one slot, without a Map's hashing and bucket chains
   * (matching a message got ~5% faster).
   */
  private edges = new Int32Array(MIN_EDGE_SLOTS * EDGE).fill(NO_NODE);
  private edgeCount = 0;
  /**
   * One bit per UTF-16 unit: whether a phrase starts with it. Most positions of a message start no
   * phrase, and one bit says so. A table of the root's children, 256 KB per trie, did too, but its
   * entries for the characters of a Chinese message (mostly 0) filled the CPU cache: with the four
   * tries of rules, synonyms and words, ~0.5 MB of a 1 MB cache.
   */
  private readonly starts = new Int32Array(0x10000 >> 5);
  /** Per node: the values of the phrases ending there. */
  private readonly ends: (T[] | undefined)[] = [undefined];
  /** Per node: whether its phrase ends with a word character (needs a word edge after it). */
  private readonly endsInWord: boolean[] = [false];
  /** Per node: the length of its phrase. */
  private readonly depth: number[] = [0];

  constructor(private readonly wholeWords: boolean) {}

  add(phrase: string, value: T): void {
    if (phrase === "") return;
    let node = 0;
    for (let i = 0; i < phrase.length; i++) {
      const code = phrase.charCodeAt(i);
      let child = this.child(node, code);
      if (child === 0) {
        child = this.ends.length;
        this.ends.push(undefined);
        this.endsInWord.push(false);
        this.depth.push(i + 1);
        if (node === 0) this.starts[code >> 5] = (this.starts[code >> 5] as number) | (1 << (code & 31));
        this.addEdge(node, code, child);
      }
      node = child;
    }
    (this.ends[node] ??= []).push(value);
    this.endsInWord[node] = isWordChar(phrase.charCodeAt(phrase.length - 1));
  }

  /**
   * Calls `found` with the end and the values of every phrase that starts at `start`, shortest
   * first. Callers pass one long-lived function: scanning a message then allocates nothing.
   */
  forEachAt(text: string, start: number, found: (end: number, values: readonly T[]) => void): void {
    if (this.startsHere(text, start)) this.walk(text, start, found);
  }

  /** forEachAt at every position of `text`. */
  forEachIn(text: string, found: (end: number, values: readonly T[]) => void): void {
    for (let start = this.nextStart(text, 0); start < text.length; start = this.nextStart(text, start + 1)) this.walk(text, start, found);
  }

  /**
   * The first position from `from` on where a phrase may start, text.length when there is none. Most
   * positions of a message start none (inside a word, or no phrase begins with that character):
   * this skips them reading each character once.
   */
  nextStart(text: string, from: number): number {
    let afterWordChar = from > 0 && isWordChar(text.charCodeAt(from - 1));
    for (let start = from; start < text.length; start++) {
      const code = text.charCodeAt(start);
      const wordChar = isWordChar(code);
      if (this.startsWith(code) && !(this.wholeWords && wordChar && afterWordChar)) return start;
      afterWordChar = wordChar;
    }
    return text.length;
  }

  private walk(text: string, start: number, found: (end: number, values: readonly T[]) => void): void {
    let node = 0;
    for (let i = start; i < text.length; i++) {
      const child = this.child(node, text.charCodeAt(i));
      if (child === 0) return;
      node = child;
      const values = this.ends[node];
      if (values && this.endsHere(text, i + 1, node)) found(i + 1, values);
    }
  }

  /** The longest phrase that starts at `start`, as a node for `lengthOf` / `valuesOf`; 0 when none does. */
  longestAt(text: string, start: number): number {
    if (!this.startsHere(text, start)) return 0;
    let node = 0;
    let longest = 0;
    for (let i = start; i < text.length; i++) {
      const child = this.child(node, text.charCodeAt(i));
      if (child === 0) break;
      node = child;
      if (this.ends[node] && this.endsHere(text, i + 1, node)) longest = node;
    }
    return longest;
  }

  lengthOf(node: number): number {
    return this.depth[node] as number;
  }

  valuesOf(node: number): readonly T[] {
    return this.ends[node] ?? [];
  }

  private startsWith(code: number): boolean {
    return ((this.starts[code >> 5] as number) & (1 << (code & 31))) !== 0;
  }

  /** The node after `node` on this code unit; 0 (the root, never a child) when there is none. */
  private child(node: number, code: number): number {
    if (node === 0 && !this.startsWith(code)) return 0;
    const { edges } = this;
    const mask = edges.length / EDGE - 1;
    for (let slot = edgeSlot(node, code, mask); ; slot = (slot + 1) & mask) {
      const at = edges[slot * EDGE] as number;
      if (at === node && edges[slot * EDGE + 1] === code) return edges[slot * EDGE + 2] as number;
      if (at === NO_NODE) return 0;
    }
  }

  private addEdge(node: number, code: number, child: number): void {
    // At most half full: a free slot is never far.
    if ((this.edgeCount + 1) * 2 * EDGE > this.edges.length) this.growEdges();
    const { edges } = this;
    const mask = edges.length / EDGE - 1;
    let slot = edgeSlot(node, code, mask);
    while (edges[slot * EDGE] !== NO_NODE) slot = (slot + 1) & mask;
    edges[slot * EDGE] = node;
    edges[slot * EDGE + 1] = code;
    edges[slot * EDGE + 2] = child;
    this.edgeCount++;
  }

  private growEdges(): void {
    const old = this.edges;
    this.edges = new Int32Array(old.length * 2).fill(NO_NODE);
    this.edgeCount = 0;
    for (let at = 0; at < old.length; at += EDGE) if (old[at] !== NO_NODE) this.addEdge(old[at] as number, old[at + 1] as number, old[at + 2] as number);
  }

  /** Every phrase starting here starts with text[start]: inside a word, none of the Latin ones may match. */
  private startsHere(text: string, start: number): boolean {
    return !(this.wholeWords && start > 0 && isWordChar(text.charCodeAt(start)) && isWordChar(text.charCodeAt(start - 1)));
  }

  private endsHere(text: string, end: number, node: number): boolean {
    return !(this.wholeWords && this.endsInWord[node] && end < text.length && isWordChar(text.charCodeAt(end)));
  }
}
