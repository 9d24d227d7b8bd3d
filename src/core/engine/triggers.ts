// The trigger matches of a text, in order, exactly as `trigger.exec` with the `g` flag reports them,
// found faster. One regex with every branch (quoted keys, bare keys, value words, code literals)
// examines every position of a 50 MB log; the finder regex only looks for the words themselves (a
// code, a value word, a key without its quotes and its first letter), and the full trigger then runs,
// anchored, at the few places where a branch could start around each hit: the hit itself (a code, a
// bare key of up to three letters), the character before it (a key's first letter, a short key's
// quote), the one before that (a key's quote) and, before the spaces that precede the hit, the colon
// or quote that opens a value word. Every match of the trigger holds a finder hit, so none is missed;
// matches never overlap, as with `exec`.
import { finderWithout, type Finder, type Recognition } from './recognition';

export class Triggers {
  private finder: RegExp | undefined;
  private readonly parts: Finder | undefined;
  private readonly dead = new Set<string>();
  /** The full trigger: sticky when a finder leads it, global otherwise. */
  private readonly trigger: RegExp;
  /** Where the last match ended: matches start at or after it. */
  private lastEnd: number;

  /** `own`: fresh regex objects (a scan that yields between slices may interleave with another). */
  constructor(rec: Recognition, private readonly text: string, from: number, own: boolean) {
    this.parts = rec.finder;
    this.finder = rec.finder && (own ? new RegExp(rec.finder.regex.source, 'g') : rec.finder.regex);
    this.trigger = this.finder ? new RegExp(rec.trigger.source, 'y') : own ? new RegExp(rec.trigger.source, 'g') : rec.trigger;
    this.lastEnd = from;
    (this.finder ?? this.trigger).lastIndex = from;
  }

  /** How far the search has gone. */
  get position(): number {
    return Math.max(this.lastEnd, (this.finder ?? this.trigger).lastIndex);
  }

  /** No match starts before `pos` from now on (the rest of a line with too many findings). */
  skipTo(pos: number): void {
    const re = this.finder ?? this.trigger;
    if (pos > re.lastIndex) re.lastIndex = pos;
    if (pos > this.lastEnd) this.lastEnd = pos;
  }

  /**
   * The scan knows that no later match of this (lower-case) key can lead anywhere (the other keys its
   * rules need occur nowhere further on): the finder stops looking for it, so a flood of one key
   * costs what the regex costs to pass over it.
   */
  dropKey(key: string): void {
    if (!this.parts || !this.finder || this.dead.has(key)) return;
    this.dead.add(key);
    const regex = finderWithout(this.parts, this.dead);
    regex.lastIndex = this.finder.lastIndex;
    this.finder = regex;
  }

  /** The next match of the trigger, or null at the end of the text. */
  next(): RegExpExecArray | null {
    const { finder, trigger, text } = this;
    if (!finder) return trigger.exec(text);
    for (;;) {
      const hit = finder.exec(text);
      if (!hit) return null;
      const p = hit.index;
      finder.lastIndex = p + 1;
      // Before the spaces in front of the hit: where a value word's `:` or quote would be.
      let q = p - 1;
      while (q >= 0 && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q--;
      for (let i = q < p - 2 ? 0 : 1; i < 4; i++) {
        const start = i === 0 ? q : p - 3 + i;
        if (start < this.lastEnd || start < 0) continue;
        trigger.lastIndex = start;
        const m = trigger.exec(text);
        if (m) {
          this.lastEnd = start + m[0].length;
          if (finder.lastIndex < this.lastEnd) finder.lastIndex = this.lastEnd;
          return m;
        }
      }
    }
  }
}
