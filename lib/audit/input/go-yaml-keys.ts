import { formatFloat32 } from './go-format-float';
import { BOOLEANS, goFloat64, goInt, goInteger } from './go-yaml-scalars';

/**
 * The JSON key Kubernetes makes of a mapping key that is no string. go-yaml v2 decodes a YAML mapping into a Go
 * `map[interface{}]interface{}`, its keys resolved as any scalar (`go-yaml-scalars.ts`); sigs.k8s.io/yaml's
 * `convertToJSONableObject` (yaml.go) then turns each key into a string: an int with `strconv.Itoa` (`0x1F` is `31`,
 * `1_000` is `1000`, exactly, beyond 2^53 too), a float with `strconv.FormatFloat(f, 'g', -1, 32)` (`1e7` is `1e+07`,
 * `1.0` is `1`, `.inf` is `.inf`: see `go-format-float.ts`), a boolean as `true` or `false` (`yes` is `true`). It
 * refuses any other type: null (`~`, `null`, nothing) and a uint64 (an integer above int64, `9223372036854775808`).
 */

/** The tag of a null scalar. */
export const NULL_TAG = 'tag:yaml.org,2002:null';
/** The tag of a boolean scalar. */
export const BOOL_TAG = 'tag:yaml.org,2002:bool';
/** The tag of an integer scalar. */
export const INT_TAG = 'tag:yaml.org,2002:int';
/** The tag of a float scalar. */
export const FLOAT_TAG = 'tag:yaml.org,2002:float';

/** A key sigs.k8s.io/yaml refuses: its Go type, as its error names it, and its scalar as written. */
export interface RefusedKey {
  readonly goType: '<nil>' | 'uint64';
  readonly text: string;
}

/**
 * The JSON key of a mapping key that go-yaml v2 resolved to `tag` (null, bool, int or float) from the scalar `data`,
 * or why there is none.
 */
export function jsonKey(tag: string, data: string | null): string | RefusedKey {
  const text = data ?? '';
  switch (tag) {
    case NULL_TAG:
      return { goType: '<nil>', text };
    case BOOL_TAG:
      return String(BOOLEANS[text]);
    case INT_TAG: {
      const integer = goInteger(text)!;
      return integer.uint64 ? { goType: 'uint64', text } : integer.value.toString();
    }
    default: // FLOAT_TAG; under a float tag resolve.go reads an integer first, then makes it a float64 (so `!!float -0` is 0)
      return formatFloat32(goInt(text) ?? goFloat64(text)!);
  }
}

/** Why Kubernetes refuses a document whose mapping at `path` (`''` for the root, `undefined` when unknown) has the key `key`. */
export function refusedKeyReason(key: RefusedKey, path: string | undefined): string {
  const where = path === undefined ? 'a mapping' : path || 'the document';
  const what = key.goType === 'uint64' ? `the key ${key.text}, an integer only Go's uint64 holds,` : `a null key (${key.text ? `\`${key.text}\`` : 'an empty one'}),`;
  return `${where} has ${what} which sigs.k8s.io/yaml makes no JSON key of: Kubernetes refuses the document (unsupported map key of type: ${key.goType}); quote it to make it a string`;
}
