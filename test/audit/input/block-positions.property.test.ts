/**
 * The plain block reader of field positions (`BlockDocument`) against the parse with positions it stands in for
 * (`positionTree` + `fieldPosition`), on random paths (every path to a node of the document as the audit reads it,
 * and paths that leave it: a missing key, an index past the end, a key inside a scalar) of random documents: the
 * `yaml` library's writer's in random styles (see `random-yaml.ts`), and this repository's manifests with their lines
 * mutated as hands and tools mutate them (comments anywhere, trailing spaces and tabs, values moved to the next
 * line, multi-line plain and block scalars, odd keys, CRs, ...). Wherever the reader answers it must answer as the
 * parse does; where the document leaves the plain subset it must give up (`undefined`). Runs: 300 each (3,000 under
 * `npm run fuzz`; `BLOCK_POSITION_RUNS`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { KEYS, mapOf, render, scalar } from './random-yaml';
import { blockDocument } from '../../../lib/audit/input/block-positions';
import { fieldPosition, positionTree } from '../../../lib/audit/input/field-positions';
import { loadKubernetesYaml } from '../../../lib/audit/input/kubernetes-yaml';
import { splitYamlDocuments } from '../../../lib/audit/input/yaml-documents';

const RUNS = Number(process.env.BLOCK_POSITION_RUNS ?? (process.env.FUZZ_DEPTH === 'deep' ? 3000 : 300));

/** Keys the reader must refuse or read as js-yaml does: YAML 1.1 booleans (`on` is `true` to go-yaml v2) and dotted keys that prefix each other. */
const BLOCK_KEYS = [...KEYS, 'on', 'Yes', 'a.b.c', '_x', 'x.y/z'];

/** Every path to a node of `value`, as findings write them (`a.b[0].c`). */
function pathsOf(value: unknown, at = ''): string[] {
  const under = (key: string) => (at === '' ? key : `${at}.${key}`);
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [`${at}[${i}]`, ...pathsOf(item, `${at}[${i}]`)]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [under(key), ...pathsOf(item, under(key))]);
  }
  return [];
}

/** The document's paths, and paths that leave it: a missing key, an index past the end, a field under each path. */
function probes(value: unknown): string[] {
  const paths = pathsOf(value);
  return [...paths, ...paths.flatMap((p) => [`${p}.missing`, `${p}[9]`, `${p}.a`]), 'missing', 'a.b', '[0]'];
}

/** What the parse with positions says of `path` in `text` (`null` for nothing present). */
function parsed(text: string, path: string, tree = positionTree(text, 0)) {
  return fieldPosition(tree, path) ?? null;
}

/**
 * Mappings as manifests have them: plain keys (dotted ones among them), no nested sequences and no empty items, but
 * every scalar of `scalar` (multi-line, quoted, YAML-looking text), empty values, and empty collections.
 */
const { manifestMap } = fc.letrec((tie) => ({
  manifestNode: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('manifestMap'), tie('manifestSeq')),
  manifestMap: fc.dictionary(fc.constantFrom('a', 'b', 'name', 'a.b', 'a.b.c', 'app.kubernetes.io/name', 'x-y', '_x'), tie('manifestNode'), { maxKeys: 4 }),
  manifestSeq: fc.array(fc.oneof(scalar.filter((v) => v !== null), tie('manifestMap')), { maxLength: 3 }),
}));

const documents = fc.record({
  value: mapOf(BLOCK_KEYS),
  dice: fc.array(fc.nat(99), { minLength: 8, maxLength: 32 }),
  flowOneIn: fc.constantFrom(0, 0, 3),
  indentSeq: fc.boolean(),
  documentEnd: fc.boolean(),
  marker: fc.constantFrom('', '---\n', '# Source: chart/templates/a.yaml\n---\n'),
});

/** The documents of the audit's corpus (test/audit/corpus: real-world manifests in plain block YAML), in file order. */
const MANIFESTS = ((): string[] => {
  const corpus = join(__dirname, '..', 'corpus');
  const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml')).sort();
  return files.flatMap((file) => {
    const text = readFileSync(join(corpus, file), 'utf8');
    return splitYamlDocuments(text).map((d) => text.slice(d.start, d.end)).filter((d) => d.trim() !== '');
  });
})();

/** A die roller over `dice` (a mutation's own numbers). */
function roller(dice: readonly number[]): { int: (n: number) => number; pick: <T>(items: readonly T[]) => T } {
  let i = 0;
  const int = (n: number) => dice[i++ % dice.length] % Math.max(1, n);
  return { int, pick: (items) => items[int(items.length)] };
}

const indentOf = (line: string) => line.length - line.trimStart().length;
/** A line `key: value`: its indentation, dashes, key, spaces before the colon, spaces after it, and value. */
const KEY_VALUE = /^( *)((?:- +)*)([A-Za-z_][-\w./]*)( *):( +)(.*)$/;
/** A line `key:` whose value is below it. */
const KEY_ALONE = /^( *)((?:- +)*)([A-Za-z_][-\w./]*)( *):( *)$/;
const COMMENTS = ['# c', '#', '# key: value', '# - item', '#  |', '#---', '# x: "y'];
const CONTINUATIONS = ['more words', 'key: value', '- dash', '"quoted"', "'single'", '|', '>-', '# hash', 'a #b', '[a]', '{b}', '&a', '*b', '!t', '? q', 'http://x:80/a', 'b:c', '-'];
const SCALARS = ['nginx:1.27', 'b:c', 'http://example.com:8080/x?y=z#frag', 'b#c', 'b #c', '"x # y"', '"a\\"b"', "'it''s'", '""', '{}', '[]', '[a, b]', '{a: 1}', '{a: "}"}', '["]", x]', '[#]', '[x,#]', 'true', 'yes', 'on', '~', '0644', '1_000', '.5', '|', '>-', 'x # c', '"multi', '*', '&x', '!!str x', '- x', '\tx', ' \t', 'x \t# c'];
const ODD_KEYS = ['y', 'on', 'No', '~', 'null', 'True', '1', '0x1', '.5', '<<', '_x', 'a.b', '__proto__', 'app.kubernetes.io/name', 'metadata.name', 'name.x', 'a b', 'a#b', 'a"b', '-a', 'yes.no', 'e1', '+1'];

/** A line of `lines` that `test` accepts, chosen by `r`, or -1. */
function lineWhere(lines: readonly string[], r: ReturnType<typeof roller>, test: (line: string, i: number) => boolean): number {
  const found = lines.flatMap((line, i) => (test(line, i) ? [i] : []));
  return found.length === 0 ? -1 : r.pick(found);
}

/** Line mutations (after helper-36's review fuzzer): each edits `lines` in place with its dice, or does nothing. */
const MUTATIONS: Readonly<Record<string, (lines: string[], dice: readonly number[]) => void>> = {
  comment: (lines, dice) => {
    const r = roller(dice);
    const at = r.int(lines.length + 1);
    const near = indentOf(lines[Math.min(at, lines.length - 1)] ?? '');
    lines.splice(at, 0, ' '.repeat(r.pick([0, near, near + 1, near + 2, Math.max(0, near - 2)])) + r.pick(COMMENTS));
  },
  blank: (lines, dice) => {
    const r = roller(dice);
    lines.splice(r.int(lines.length + 1), 0, ' '.repeat(r.pick([0, 1, 2, 4, 8])));
  },
  trailing: (lines, dice) => {
    const r = roller(dice);
    lines[r.int(lines.length)] += r.pick([' ', '  ', ' # c', ' #', '#x', ' \t', '\t', ' \t# c']);
  },
  valueBelow: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_VALUE.test(l));
    if (at < 0) return;
    const [, indent, dashes, key, before] = KEY_VALUE.exec(lines[at])!;
    const value = KEY_VALUE.exec(lines[at])![6];
    lines.splice(at, 1, `${indent}${dashes}${key}${before}:${r.pick(['', ' ', ' # c'])}`, ' '.repeat(indent.length + dashes.length + r.pick([0, 1, 2, 4])) + value);
  },
  multiLine: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_VALUE.test(l));
    if (at < 0) return;
    const [, indent, dashes] = KEY_VALUE.exec(lines[at])!;
    const column = indent.length + dashes.length;
    lines.splice(at + 1, 0, ...Array.from({ length: 1 + r.int(3) }, () => ' '.repeat(Math.max(0, column + r.pick([-1, 0, 1, 2, 4]))) + r.pick(CONTINUATIONS)));
  },
  blockScalar: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_VALUE.test(l));
    if (at < 0) return;
    const [, indent, dashes, key, before, , value] = KEY_VALUE.exec(lines[at])!;
    const base = indent.length + dashes.length + r.pick([1, 2, 4]);
    const content = Array.from({ length: 1 + r.int(4) }, () => (r.int(6) === 0 ? '' : ' '.repeat(Math.max(0, base + r.pick([0, 0, 2, -1, -2]))) + r.pick([...CONTINUATIONS, value])));
    lines.splice(at, 1, `${indent}${dashes}${key}${before}: ${r.pick(['|', '>', '|-', '>-', '|+', '|2', '>2-', '| # c'])}`, ...content);
  },
  scalar: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_VALUE.test(l));
    if (at < 0) return;
    const [, indent, dashes, key, before, after] = KEY_VALUE.exec(lines[at])!;
    lines[at] = `${indent}${dashes}${key}${before}:${after}${r.pick(SCALARS)}`;
  },
  key: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_VALUE.test(l) || KEY_ALONE.test(l));
    if (at >= 0) lines[at] = lines[at].replace(/^( *(?:- +)*)([A-Za-z_][-\w./]*)/, (_, lead: string) => lead + r.pick(ODD_KEYS));
  },
  spaceBeforeColon: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_VALUE.test(l) || KEY_ALONE.test(l));
    if (at >= 0) lines[at] = lines[at].replace(/^( *(?:- +)*[A-Za-z_][-\w./]*)( *):/, (_, lead: string) => `${lead}${' '.repeat(1 + r.int(3))}:`);
  },
  dashSpaces: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => /^ *- /.test(l));
    if (at < 0) return;
    const indent = indentOf(lines[at]);
    const extra = ' '.repeat(1 + r.int(3));
    lines[at] = lines[at].replace(/^( *-)/, `$1${extra}`);
    for (let k = at + 1; r.int(10) < 7 && k < lines.length && (lines[k].trim() === '' || indentOf(lines[k]) > indent); k++) lines[k] = extra + lines[k];
  },
  sequenceColumn: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l, i) => KEY_ALONE.test(l) && /^ *- /.test(lines[i + 1] ?? ''));
    if (at < 0) return;
    const keyIndent = indentOf(lines[at]);
    const seqIndent = indentOf(lines[at + 1]);
    const shift = seqIndent === keyIndent ? 2 : keyIndent - seqIndent;
    for (let k = at + 1; k < lines.length && (lines[k].trim() === '' || indentOf(lines[k]) > keyIndent || (indentOf(lines[k]) === keyIndent && seqIndent === keyIndent && /^ *- /.test(lines[k]))); k++) {
      lines[k] = shift > 0 ? ' '.repeat(shift) + lines[k] : lines[k].slice(Math.min(-shift, indentOf(lines[k])));
    }
  },
  emptyFlow: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_ALONE.test(l));
    if (at < 0) return;
    const indent = indentOf(lines[at]);
    let end = at + 1;
    while (end < lines.length && (lines[end].trim() === '' || indentOf(lines[end]) > indent || (indentOf(lines[end]) === indent && /^ *- /.test(lines[end])))) end++;
    lines.splice(at, end - at, `${lines[at]} ${r.pick(['{}', '[]', '{ }', '{} # c', '[x]', '{a: 1}'])}`);
  },
  property: (lines, dice) => {
    const r = roller(dice);
    const at = lineWhere(lines, r, (l) => KEY_VALUE.test(l) || KEY_ALONE.test(l) || /^ *- /.test(l));
    if (at >= 0) lines[at] = lines[at].replace(/^( *(?:- +)*)/, `$1${r.pick(['&a ', '!!str ', '? ', '- ', '- ? '])}`);
  },
  marker: (lines, dice) => {
    const r = roller(dice);
    const kind = r.int(4);
    if (kind === 0) lines.unshift('---');
    else if (kind === 1) lines.unshift('# Source: x/templates/y.yaml', '---');
    else if (kind === 2) lines.push('...');
    else lines.unshift(r.pick(['--- # c', '---  ', '#c', '']));
  },
  carriageReturn: (lines, dice) => {
    const r = roller(dice);
    lines[r.int(lines.length)] += r.pick(['\r', ' # a\rb: 1']);
  },
};
const mutation = fc.tuple(fc.constantFrom(...Object.keys(MUTATIONS)), fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }));

/** Checks the reader against the parse on `text` for every probe; returns how many probes it answered and how many it was asked. */
function compare(text: string): { answered: number; asked: number } {
  let read: unknown;
  try {
    read = loadKubernetesYaml(text);
  } catch {
    fc.pre(false); // the audit locates fields only in documents it could read
  }
  const block = blockDocument(text, 0, text.length);
  const paths = probes(read);
  let answered = 0;
  const tree = positionTree(text, 0);
  for (const path of paths) {
    const position = block?.fieldPosition(path);
    if (position !== undefined) {
      answered++;
      expect({ text, path, position }).toEqual({ text, path, position: parsed(text, path, tree) });
    }
  }
  return { answered, asked: paths.length };
}

describe('blockFieldPosition', () => {
  test('answers as the parse with positions does, or not at all', () => {
    fc.assert(fc.property(documents, ({ value, dice, flowOneIn, indentSeq, documentEnd, marker }) => {
      compare(marker + render(value, dice, { flowOneIn, indentSeq, documentEnd }));
    }), { numRuns: RUNS });
  });

  test('answers for most fields of block documents shaped like manifests, as kubectl and Helm write them', () => {
    let answered = 0;
    let asked = 0;
    fc.assert(fc.property(documents, manifestMap, ({ dice, indentSeq, documentEnd, marker }, value) => {
      const counts = compare(marker + render(value, dice, { flowOneIn: 0, indentSeq, documentEnd, plainKeys: true }));
      answered += counts.answered;
      asked += counts.asked;
    }), { numRuns: RUNS });
    // the rest are documents with a quoted scalar over several lines
    expect(answered / asked).toBeGreaterThan(0.75);
  });

  test('answers every field of a Deployment as kubectl writes it, where the parse puts it', () => {
    const text = [
      '# Source: web/templates/deployment.yaml',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  annotations:',
      '    container.apparmor.security.beta.kubernetes.io/web: runtime/default',
      '    kube-harden.io/reason: "quoted: value"',
      '  labels:',
      '    app.kubernetes.io/name: web',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - args: ["--port", "8080"]',
      '        command:',
      '        - /bin/web',
      '        image: nginx:1.27 # pinned below',
      '        name: web',
      '        securityContext:',
      '          capabilities:',
      '            add:',
      '              - NET_ADMIN',
      '          privileged: true',
      '        env:',
      '        - name: CONFIG',
      '          value: |',
      '            key: value',
      '            - not an item',
      '        resources: {}',
      '      hostNetwork: true',
      '      nodeSelector:',
      '...',
      '',
    ].join('\n');
    const block = blockDocument(text, 0, text.length);
    expect(block).toBeDefined();
    // (not into the flow collections `args` and `resources`: the reader gives up there)
    const paths = probes(loadKubernetesYaml(text)).filter((p) => !/(?:args|resources)[.[]/.test(p));
    const answers = paths.map((path) => ({ path, position: block!.fieldPosition(path) }));
    expect(answers).toEqual(paths.map((path) => ({ path, position: parsed(text, path) })));
    expect(block!.fieldPosition('spec.template.spec.containers[0].securityContext.privileged')).toEqual({ line: 24, column: 10 });
  });

  test('gives up on a path through a mapping with a merge key, whose fields the parse places as go-yaml merges them', () => {
    // `<<` applies where it stands (go-yaml v2 decode.go mapping()/merge()): the merged `privileged: true` is the
    // field, not the explicit one above it; the reader, which takes keys one line at a time, leaves that to the parse
    const text = 'spec:\n  securityContext:\n    privileged: false\n    <<: {privileged: true}\n  hostPID: true\n';
    const block = blockDocument(text, 0, text.length)!;
    expect(block.fieldPosition('spec.securityContext.privileged')).toBeUndefined();
    expect(block.fieldPosition('spec.hostPID')).toEqual({ line: 4, column: 2 });
    expect(parsed(text, 'spec.securityContext.privileged')).toEqual({ line: 3, column: 9 });
    expect(parsed(text, 'spec.hostPID')).toEqual({ line: 4, column: 2 });
  });

  test.each([
    ['an anchor', 'a: &x\n  b: 1\nc: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a quoted key', '"a": 1\n'],
    ['an explicit key in a sequence item', 'x:\n- ? b: 1\nz: 1\n'],
    ['a quoted scalar that goes on to the next line', 'a: "one\n  two"\nb: 1\n'],
    ['a flow collection that goes on to the next line', 'a: [1,\n  2]\nb: 1\n'],
    // (js-yaml reads a comment in a flow collection after `[`, `{` or `,` too: `a: [#]` goes on to the next line)
    ['a comment in a flow collection', 'a: [#]\nb: 1]\nc: 2\n'],
    // (a quote inside a plain scalar opens nothing: the quote after `, ` does, and its scalar goes on to the next line)
    ['a flow collection whose quoted scalar goes on to the next line after a plain one with a quote', "a: [x'y, 'w]\nb: 1', u]\nc: 1\n"],
    ['a tab after a key\'s colon', 'a:\tb\n'],
    // (js-yaml reads the tab as a space: the value is the mapping below)
    ['a tab after a key\'s colon and space', 'spec:\n  securityContext: \t\n    privileged: true\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    // (js-yaml ends a line at a lone CR, even in a comment or a scalar)
    ['a lone CR in a comment', 'a: 1 # note\rb: 2\n'],
    ['a lone CR in a block scalar', 'a: |\n  x\r  y\nb: 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a flow document', '{"a": 1}\n'],
    ['an item on the line after its dash', 'a:\n-\n  b: 1\n'],
  ])('gives up on %s', (_, text) => {
    expect(() => loadKubernetesYaml(text)).not.toThrow();
    expect(blockDocument(text, 0, text.length)).toBeUndefined();
  });

  test('gives up on a path into a flow collection or past a key that is no plain string', () => {
    const text = 'a: {b: 1}\ntrue:\n  e: 1\n';
    const block = blockDocument(text, 0, text.length);
    expect(block).toBeDefined();
    expect(block!.fieldPosition('a.b')).toBeUndefined();
    expect(block!.fieldPosition('true.e')).toBeUndefined();
  });

  test('answers as the parse does on manifests with lines mutated as hands and tools mutate them', () => {
    const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(fc.nat(MANIFESTS.length - 1), mutations, fc.boolean(), (which, applied, finalBreak) => {
      const lines = MANIFESTS[which].replace(/\n$/, '').split('\n');
      for (const [name, dice] of applied) MUTATIONS[name](lines, dice);
      compare(lines.join('\n') + (finalBreak ? '\n' : ''));
    }), { numRuns: RUNS });
  });
});
