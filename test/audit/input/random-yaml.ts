/**
 * Random YAML documents for the field-position property tests: random values rendered by the `yaml` library's
 * writer (eemeli/yaml 2) in random styles, and what js-yaml reads from them.
 */
import * as fc from 'fast-check';
import { load } from 'js-yaml';
import { Document, Scalar, visit } from 'yaml';

/** Keys: plain words, dotted and slashed keys (annotations), and keys that need quotes or resolve to no string. */
export const KEYS = ['a', 'b', 'name', 'image', 'x-y', 'with space', 'quote"d', '1', 'true', 'null', 'key: colon', '#hash', 'a-b_c', 'a.b', 'app.kubernetes.io/name'];
/** Scalars: plain, multi-line, and text that looks like YAML indicators. */
export const scalar = fc.oneof(
  fc.constantFrom('plain', 'two words', 'multi\nline\ntext', '', ' lead', 'a: b', '- dash', '#c', '"q"', '\'s\'', '*', '&x', '!t', 'x, y', '{a}', '[b]'),
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
);
/** A mapping of random depth, its keys from `keys`. */
export function mapOf(keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
    map: fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 4 }),
    seq: fc.array(tie('node'), { maxLength: 4 }),
  })).map as fc.Arbitrary<Record<string, unknown>>;
}

const SCALAR_TYPES = [Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;

/** How `render` styles a document. */
export interface RenderStyle {
  /** One collection in this many is written in flow style (`{a: 1}`, `[1]`); 0 for none. */
  readonly flowOneIn: number;
  /** Whether a block sequence that is a mapping's value is indented under its key (`kubectl` writes it at the key's column). */
  readonly indentSeq: boolean;
  /** Whether the document ends with a `...` line. */
  readonly documentEnd: boolean;
  /**
   * Whether keys are written plain where they can be, as `kubectl` and Helm write them.
   * @default false: keys plain, double- or single-quoted at random
   */
  readonly plainKeys?: boolean;
}

/** `value` as YAML written by the `yaml` library, its collections and scalars styled by `dice` and `style`. */
export function render(value: unknown, dice: readonly number[], style: RenderStyle): string {
  const doc = new Document(value);
  let i = 0;
  const roll = () => dice[i++ % dice.length];
  visit(doc, {
    Map(_, node) {
      if (style.flowOneIn > 0 && roll() % style.flowOneIn === 0) node.flow = true;
      if (roll() % 5 === 0) node.commentBefore = ' a comment';
    },
    Seq(_, node) {
      if (style.flowOneIn > 0 && roll() % style.flowOneIn === 0) node.flow = true;
    },
    Scalar(_, node, path) {
      // quoted and block styles only for strings; keys plain or quoted (a block scalar as a key, `? |-`, is not
      // something manifests have)
      const isKey = path.length > 0 && (path[path.length - 1] as { key?: unknown }).key === node;
      const type = isKey && style.plainKeys ? Scalar.PLAIN : SCALAR_TYPES[roll() % (isKey ? 3 : SCALAR_TYPES.length)];
      if (typeof node.value === 'string') node.type = type;
    },
  });
  // `null` written as nothing (`key:`, `- `, `{ key: }`), `null` or `~`
  const text = doc.toString({ lineWidth: 0, indentSeq: style.indentSeq, nullStr: ['', 'null', '~'][roll() % 3] });
  return text + (style.documentEnd ? '...\n' : '');
}

/** What js-yaml reads from `text` (a symbol, equal to nothing, when it refuses it). */
export function jsYamlValue(text: string): unknown {
  try {
    return load(text);
  } catch {
    return Symbol('refused');
  }
}
