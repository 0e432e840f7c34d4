/**
 * Counts how often each identity occurred before, over a long run of identities (one per finding: millions in a
 * large audit), without keeping every identity string.
 *
 * A map of every identity seen holds each string for the whole run (about 200 bytes apiece). This one keeps, per
 * 30-bit hash, only the index of the first identity with that hash; it asks `identityAt(index)` for that identity
 * again when a later one has the same hash, and keeps strings only for identities whose hash came up more than once
 * (true repeats and the rare collisions). The counts are exact, whatever the hash.
 */
export class OccurrenceCounter {
  /** Per hash, the index of the first identity that had it. */
  private readonly firstByHash = new Map<number, number>();
  /** Per identity whose hash came up before: how many times it occurred so far. */
  private readonly repeated = new Map<string, number>();

  /**
   * @param identityAt the identity at an index given to `next` before (computed again on a hash's repeat)
   * @param hash the hash of an identity (a test passes a constant one to make every identity collide)
   */
  constructor(
    private readonly identityAt: (index: number) => string,
    private readonly hash: (identity: string) => number = fnv1a,
  ) {}

  /** How many times `identity` (the one at `index`; indexes ascend) occurred before it. */
  next(identity: string, index: number): number {
    const hash = this.hash(identity);
    const first = this.firstByHash.get(hash);
    if (first === undefined) {
      this.firstByHash.set(hash, index);
      return 0;
    }
    const before = this.repeated.get(identity) ?? (this.identityAt(first) === identity ? 1 : 0);
    this.repeated.set(identity, before + 1);
    return before;
  }
}

/* eslint-disable no-bitwise -- a hash is bit arithmetic */
/** The 32-bit FNV-1a hash of `text`'s UTF-16 code units, cut to 30 bits (a small integer, which a map keeps unboxed). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 2;
}
/* eslint-enable no-bitwise */
