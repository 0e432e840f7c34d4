/**
 * Counts how often each identity occurred before, over a long run of identities (one per finding: millions in a
 * large audit), without keeping every identity string.
 *
 * A map of every identity seen holds each string for the whole run (about 200 bytes apiece). This one keeps, per
 * 32-bit hash, only the index of the first identity with that hash; it asks `identityAt(index)` for that identity
 * again when a later one has the same hash, and keeps strings only for identities whose hash came up more than once
 * (true repeats and the rare collisions). The counts are exact, whatever the hash.
 *
 * The hashes and first indexes are kept in two typed arrays (open addressing, linear probing), 8 bytes a slot, sized
 * once from the expected number of identities: a `Map` of 6.8 million numbers held about 230 MB on the heap and
 * twice that while it grew.
 */
export class OccurrenceCounter {
  /** Per slot, the hash of the identities it counts (meaningful where `firsts` is not `EMPTY`). */
  private hashes: Uint32Array;
  /** Per slot, the index of the first identity with that slot's hash, or `EMPTY` (indexes stay far below 2^31: a finding row alone is 32 bytes). */
  private firsts: Int32Array;
  /** Slots in use. */
  private used = 0;
  /** Per identity whose hash came up before: how many times it occurred so far. */
  private readonly repeated = new Map<string, number>();

  /**
   * @param identityAt the identity at an index given to `next` before (computed again on a hash's repeat)
   * @param hash the hash of an identity, taken as a 32-bit unsigned integer (a test passes a constant one to make every identity collide)
   * @param expected how many identities `next` will be given (the table grows past it; none told, it starts small)
   */
  constructor(
    private readonly identityAt: (index: number) => string,
    private readonly hash: (identity: string) => number = fnv1a,
    expected = 0,
  ) {
    const told = Number.isFinite(expected) && expected > 0 ? expected : 0;
    const slots = Math.max(MIN_SLOTS, Math.ceil((told * LOAD_DENOMINATOR) / LOAD_NUMERATOR));
    this.hashes = new Uint32Array(slots);
    this.firsts = new Int32Array(slots).fill(EMPTY);
  }

  /** Slots in the table, 8 bytes each. */
  get slots(): number {
    return this.firsts.length;
  }

  /** How many times `identity` (the one at `index`; indexes ascend) occurred before it. */
  next(identity: string, index: number): number {
    // eslint-disable-next-line no-bitwise -- any number as the unsigned 32-bit integer a slot holds
    const hash = this.hash(identity) >>> 0;
    const slot = this.slotOf(hash);
    if (this.firsts[slot] === EMPTY) {
      this.hashes[slot] = hash;
      this.firsts[slot] = index;
      this.used++;
      if (this.used * LOAD_DENOMINATOR > this.firsts.length * LOAD_NUMERATOR) this.grow();
      return 0;
    }
    const first = this.firsts[slot];
    const before = this.repeated.get(identity) ?? (this.identityAt(first) === identity ? 1 : 0);
    this.repeated.set(identity, before + 1);
    return before;
  }

  /** The slot that holds `hash`, or the empty slot where it goes. */
  private slotOf(hash: number): number {
    const slots = this.firsts.length;
    let slot = hash % slots;
    while (this.firsts[slot] !== EMPTY && this.hashes[slot] !== hash) {
      slot = slot + 1 === slots ? 0 : slot + 1;
    }
    return slot;
  }

  /** Doubles the table, placing every hash again. */
  private grow(): void {
    const { hashes, firsts } = this;
    this.hashes = new Uint32Array(firsts.length * 2);
    this.firsts = new Int32Array(firsts.length * 2).fill(EMPTY);
    for (let i = 0; i < firsts.length; i++) {
      if (firsts[i] === EMPTY) continue;
      const slot = this.slotOf(hashes[i]);
      this.hashes[slot] = hashes[i];
      this.firsts[slot] = firsts[i];
    }
  }
}

/** A free slot's first index. */
const EMPTY = -1;
/** Largest share of slots in use before the table grows, 7/10 (integers: the table sized for `expected` never grows at the last one). */
const LOAD_NUMERATOR = 7;
const LOAD_DENOMINATOR = 10;
/** Slots of the smallest table. */
const MIN_SLOTS = 16;

/* eslint-disable no-bitwise -- a hash is bit arithmetic */
/** The 32-bit FNV-1a hash of `text`'s UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}
/* eslint-enable no-bitwise */
