import { randomUUID } from 'crypto';
import { YAMLException } from 'js-yaml';

import { jsonKey, RefusedKey, refusedKeyReason } from './go-yaml-keys';
import { isKeyEnd } from './key-ends';

/**
 * What Kubernetes reads beyond scalars, where js-yaml reads otherwise: merge keys, floats JSON cannot hold, and keys
 * that are no strings.
 *
 * - go-yaml v2 applies a merge key `<<` where it stands in its mapping, one entry after another, a later entry
 *   overwriting an earlier one: `privileged: false` then `<<: {privileged: true}` is privileged. Of `<<: [a, b]` it
 *   applies b then a, so a wins over b. js-yaml lets any explicit key win over every merged one. (`mapping()` and
 *   `merge()` in sigs.k8s.io/yaml v1.4.0 goyaml.v2/decode.go.)
 * - go-yaml merges only a mapping, an alias of one, or a sequence of those: anything else (`<<: 1`, an alias of a
 *   sequence) fails the document ("map merge requires map or sequence of maps as the value"), as does a merge of the
 *   mapping it is in ("anchor 'm' value contains itself").
 * - sigs.k8s.io/yaml converts the YAML to JSON with `encoding/json`, which has no NaN or infinity: a `.inf` or
 *   `.nan` value fails the document ("json: unsupported value: +Inf"). As a key it is the string `.inf`.
 * - A key that is no string becomes the JSON key sigs.k8s.io/yaml makes of it (`go-yaml-keys.ts`: `1e7` is `1e+07`), or
 *   fails the document: null, a uint64, and a mapping or sequence ("invalid map key", decode.go `mapping()`). Two keys
 *   that make one JSON key (`1` and `"1"`, `1` and `1.0`) are a duplicate key, as js-yaml reads any key written twice
 *   (kubectl keeps one of them, which one depending on Go's map order).
 *
 * A document that may hold any of them (`needsGoYamlReading`, `go-yaml-text.ts`) is read with a schema whose types box
 * each scalar that is no string with its JSON key (`box`), which js-yaml then stores as the key, and with
 * `GoYamlReading.listener`, which sees each node js-yaml has read and rewrites some before js-yaml stores them: a merge key becomes a key of its own (a marker, unique in the document, which js-yaml keeps as any key), a
 * string that a JS object would move to the front of its keys (`"7"`: array indexes come first, whatever the order
 * written) is boxed too (as a box keys an array index, so that a mapping's keys keep the order written), and a
 * mapping, sequence or null followed by the `:` of a key is refused at once. `GoYamlReading.finish` then applies the
 * merges in that order, unboxes, and refuses what Kubernetes refuses.
 */

const MERGE_TAG = 'tag:yaml.org,2002:merge';
const STR_TAG = 'tag:yaml.org,2002:str';
/** Unguessable by a manifest: no key it writes is taken for a marker. */
const NONCE = randomUUID();
const MARKER = `\u0000<<${NONCE}:`;
const INDEX = `\u0000#${NONCE}:`;
/** A key Kubernetes refuses, then where it is (`line:column`): unique, so that js-yaml takes no two for one key. */
const REFUSED = `\u0000!${NONCE}:`;
const PREFIXES = new RegExp(`\\u0000(?:<<${NONCE}:\\d+|#${NONCE}:)`, 'g');
/** The work merges may do in one document, in mappings merged and keys copied (js-yaml's own `maxTotalMergeKeys`). */
const MAX_MERGE_WORK = 10000;
/** A JS array index: a key every object enumerates first, in numeric order. */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;
const MAX_ARRAY_INDEX = 2 ** 32 - 2;

/** js-yaml's loader state, as its listener sees it: the fields read (and, at a node's close, rewritten) here. */
export interface LoaderState {
  kind: string | null;
  result: unknown;
  tag: string | null;
  readonly depth: number;
  readonly line: number;
  readonly position: number;
  readonly lineStart: number;
  /** The text read (from which js-yaml took a byte order mark). */
  readonly input: string;
}

/**
 * Whether the node js-yaml has just read (`state`, at its close) is a merge key for go-yaml: `<<` resolved as a
 * merge, or tagged `!` or `!!merge` (go-yaml v2 decode.go `isMerge`: an implicit `<<`, whatever its quoting under `!`).
 */
export function isMergeKey(state: LoaderState): boolean {
  return state.kind === 'scalar' && state.result === '<<' && (state.tag === MERGE_TAG || state.tag === '!');
}

/** A scalar boxed until the document is read: its value, the JSON key it makes as a key (or why it makes none), and where it is. */
class Boxed {
  /** `line` and `column`: where its node ends (0-based), -1 until the listener has seen it; a key refused is reported there. */
  public constructor(readonly value: unknown, readonly key: string | RefusedKey, public line = -1, public column = -1) {}

  /** js-yaml spells a key `[object Object]` unless its class says otherwise. */
  public get [Symbol.toStringTag](): string {
    return 'Boxed';
  }

  /** The key js-yaml stores for it: an array index marked (its mapping keeps the order written), a key refused marked with where it is. */
  public toString(): string {
    const key = this.key;
    return typeof key !== 'string' ? `${REFUSED}${this.line}:${this.column}` : isArrayIndex(key) ? `${INDEX}${key}` : key;
  }

  /** The same scalar, where an alias of it is. */
  public at(line: number, column: number): Boxed {
    return new Boxed(this.value, this.key, line, column);
  }
}

/**
 * `value`, a scalar go-yaml resolves to `tag` (null, bool, int or float) from `data`, boxed with the JSON key it makes
 * (the `construct` of the types a `GoYamlReading` reads with).
 */
export function box(value: unknown, tag: string, data: string | null): unknown {
  return new Boxed(value, jsonKey(tag, data));
}

/** The key a scalar js-yaml has read (`result`, boxed or not) makes, as Kubernetes reads it. */
export function keyText(result: unknown): string {
  return result instanceof Boxed ? (typeof result.key === 'string' ? result.key : '') : String(result);
}

/** A merge key read: where it is, and the value js-yaml read after it when that was an alias of a sequence. */
interface MergeKey {
  readonly line: number;
  readonly column: number;
  aliasedSequence?: unknown;
}

/** How Go prints a float that is no number (`strconv.FormatFloat`), as in `encoding/json`'s error. */
function goFloatName(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

function isArrayIndex(key: string): boolean {
  return ARRAY_INDEX.test(key) && Number(key) <= MAX_ARRAY_INDEX;
}

/** A key as read, markers and index boxes taken out (a key js-yaml built from a sequence may hold them). */
function plainKey(key: string): string {
  return key.includes(NONCE) ? key.replace(PREFIXES, (m) => (m.startsWith(MARKER) ? '<<' : '')) : key;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Boxed);
}

/** Sets `key` as js-yaml does: `__proto__` as an own property, not the prototype. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { configurable: true, enumerable: true, writable: true, value });
  } else {
    target[key] = value;
  }
}

/**
 * The keys a mapping js-yaml is still reading (its merge keys not yet applied) will have: its own, and those of the
 * mappings it merges. For positions: a field a merged alias brings is located at that alias.
 */
export function mergedKeys(mapping: object, seen = new Set<object>()): string[] {
  seen.add(mapping);
  const keys: string[] = [];
  for (const [key, value] of Object.entries(mapping)) {
    if (!key.startsWith(MARKER)) {
      keys.push(plainKey(key));
      continue;
    }
    for (const source of Array.isArray(value) ? value : [value]) {
      if (isMapping(source) && !seen.has(source)) keys.push(...mergedKeys(source, seen));
    }
  }
  return keys;
}

/** One document read the way go-yaml and sigs.k8s.io/yaml read it: pass `listener` to js-yaml, then `finish` its value. */
export class GoYamlReading {
  readonly #merges = new Map<string, MergeKey>();
  /** By depth: the merge key whose value js-yaml reads next at that depth. */
  readonly #pending: (string | undefined)[] = [];
  #count = 0;
  #work = 0;
  /** Mappings whose merges are applied, and those being applied (a merge of one of these contains itself). */
  readonly #done = new Set<object>();
  readonly #open = new Set<object>();
  readonly #seen = new Set<unknown[]>();
  /** The boxes whose key Kubernetes refuses, by the key js-yaml stores for them. */
  readonly #refused = new Map<string, Boxed>();

  /**
   * js-yaml's listener: rewrites merge keys into markers, places boxes (an alias of one gets a box of its own, where
   * the alias is), boxes array-index strings, and refuses a mapping, sequence or nothing that is a key.
   */
  public readonly listener = (event: string, state: LoaderState): void => {
    if (event !== 'close') return;
    const depth = state.depth;
    const pending = this.#pending[depth];
    if (pending !== undefined) {
      this.#pending[depth] = undefined;
      if (state.kind === null && Array.isArray(state.result)) this.#merges.get(pending)!.aliasedSequence = state.result;
    }
    const result = state.result;
    const column = state.position - state.lineStart;
    if (isMergeKey(state)) {
      const marker = `${MARKER}${this.#count++}`;
      this.#merges.set(marker, { line: state.line, column });
      this.#pending[depth] = marker;
      state.result = marker;
      state.tag = STR_TAG; // no longer js-yaml's merge: stored as a key, applied by `finish`
    } else if (result instanceof Boxed) {
      let boxed = result;
      if (boxed.line < 0) {
        boxed.line = state.line;
        boxed.column = column;
      } else if (state.kind === null) {
        state.result = boxed = boxed.at(state.line, column);
      }
      if (typeof boxed.key !== 'string') this.#refused.set(String(boxed), boxed);
    } else if (typeof result === 'string') {
      if (isArrayIndex(result)) state.result = new Boxed(result, result, state.line, column);
    } else if (typeof result === 'object' && state.kind !== 'scalar' && isKeyEnd(state.input, state.position)) {
      // (go-yaml decodes a key as any node, then refuses a map or slice: decode.go `mapping()`; nothing is a null key)
      const reason = result === null ? refusedKeyReason({ goType: '<nil>', text: '' }, undefined)
        : `a mapping has a ${Array.isArray(result) ? 'sequence' : 'mapping'} as a key, which JSON cannot have: Kubernetes refuses the document (yaml: invalid map key)`;
      throw this.#error(reason, { line: state.line, column });
    }
  };

  /** The document's `value` as Kubernetes reads it: merges applied in place, scalars unboxed. Throws what go-yaml or JSON refuses. */
  public finish(value: unknown): unknown {
    return this.#value(value, '');
  }

  #value(value: unknown, path: string): unknown {
    if (value instanceof Boxed) {
      if (typeof value.value === 'number' && !Number.isFinite(value.value)) {
        throw this.#error(`${path || 'the document'} is ${value.key}, which JSON cannot hold: Kubernetes refuses the document (json: unsupported value: ${goFloatName(value.value)}); quote it to make it a string`, value);
      }
      return value.value;
    }
    if (typeof value === 'string') {
      return value.startsWith(MARKER) ? '<<' : value;
    }
    if (Array.isArray(value)) {
      if (!this.#seen.has(value)) {
        this.#seen.add(value);
        value.forEach((item, i) => { value[i] = this.#value(item, `${path}[${i}]`); });
      }
      return value;
    }
    return isMapping(value) && !this.#open.has(value) ? this.#mapping(value, path) : value;
  }

  /** Applies the merge keys of `mapping` (at `path`) in place, in the order written, after those of what it merges. */
  #mapping(mapping: Record<string, unknown>, path: string): Record<string, unknown> {
    if (this.#done.has(mapping)) return mapping;
    this.#open.add(mapping);
    const keys = Object.keys(mapping);
    const at = (key: string): string => (path ? `${path}.${key}` : key);
    if (!keys.some((key) => key.includes(NONCE))) {
      for (const key of keys) setKey(mapping, key, this.#value(mapping[key], at(key)));
    } else {
      const entries = new Map<string, unknown>();
      for (const key of keys) {
        if (key.startsWith(REFUSED)) {
          const boxed = this.#refused.get(key)!;
          throw this.#error(refusedKeyReason(boxed.key as RefusedKey, path), boxed);
        }
        if (key.startsWith(MARKER)) {
          for (const source of this.#sources(mapping[key], key, at('<<'))) {
            this.#charge(key);
            for (const [k, v] of Object.entries(source)) {
              this.#charge(key);
              entries.set(k, v);
            }
          }
        } else {
          const plain = plainKey(key);
          entries.set(plain, this.#value(mapping[key], at(plain)));
        }
      }
      for (const key of keys) delete mapping[key];
      for (const [key, value] of entries) setKey(mapping, key, value);
    }
    this.#open.delete(mapping);
    this.#done.add(mapping);
    return mapping;
  }

  /** The mappings the merge key `marker` (at `path`) merges, merges applied, in the order go-yaml applies them. */
  #sources(value: unknown, marker: string, path: string): Record<string, unknown>[] {
    const merge = this.#merges.get(marker)!;
    const items = isMapping(value) ? [value] : Array.isArray(value) && merge.aliasedSequence !== value ? [...value].reverse() : undefined;
    if (items === undefined || !items.every(isMapping)) {
      throw this.#error(`${path} merges no mapping: a merge key needs a mapping, an alias of one, or a sequence of those (Kubernetes refuses the document: map merge requires map or sequence of maps as the value)`, merge);
    }
    return items.map((item) => {
      if (this.#open.has(item)) {
        throw this.#error(`${path} merges the mapping it is in (Kubernetes refuses the document: the anchor's value contains itself)`, merge);
      }
      return this.#mapping(item, path);
    });
  }

  #charge(marker: string): void {
    if (++this.#work > MAX_MERGE_WORK) {
      throw this.#error(`merge keys merge more than ${MAX_MERGE_WORK} mappings and keys in one document (a merge bomb?)`, this.#merges.get(marker)!);
    }
  }

  #error(reason: string, at: { readonly line: number; readonly column: number }): YAMLException {
    return new YAMLException(reason, { name: null, buffer: '', position: 0, line: at.line, column: at.column, snippet: null } as never);
  }
}
