/**
 * The plain block reader of field positions (`blockFieldPosition`) against the parse with positions it stands in
 * for (`positionTree` + `fieldPosition`), on random documents in random styles (see `random-yaml.ts`) and random
 * paths: every path to a node of the document as the audit reads it, and paths that leave it (a missing key, an
 * index past the end, a key inside a scalar). Wherever the reader answers it must answer as the parse does; where
 * the document leaves the plain subset it must give up (`undefined`). Runs: 300 (3,000 under `npm run fuzz`;
 * `BLOCK_POSITION_RUNS`).
 */
import * as fc from 'fast-check';
import { KEYS, mapOf, render, scalar } from './random-yaml';
import { blockFieldPosition, blockLines } from '../../../lib/audit/input/block-positions';
import { fieldPosition, positionTree } from '../../../lib/audit/input/field-positions';
import { loadKubernetesYaml } from '../../../lib/audit/input/kubernetes-yaml';

const RUNS = Number(process.env.BLOCK_POSITION_RUNS ?? (process.env.FUZZ_DEPTH === 'deep' ? 3000 : 300));

/** Keys the reader must refuse or read as js-yaml does: YAML 1.1 booleans (`on` is `true` to go-yaml v2) and dotted keys that prefix each other. */
const BLOCK_KEYS = [...KEYS, 'on', 'Yes', 'a.b.c', '_x', 'x.y/z'];

/** Every path to a node of `value`, as findings write them (`a.b[0].c`). */
function pathsOf(value: unknown, at = ''): string[] {
  const join = (key: string) => (at === '' ? key : `${at}.${key}`);
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [`${at}[${i}]`, ...pathsOf(item, `${at}[${i}]`)]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [join(key), ...pathsOf(item, join(key))]);
  }
  return [];
}

/** The document's paths, and paths that leave it: a missing key, an index past the end, a field under each path. */
function probes(value: unknown): string[] {
  const paths = pathsOf(value);
  return [...paths, ...paths.flatMap((p) => [`${p}.missing`, `${p}[9]`, `${p}.a`]), 'missing', 'a.b', '[0]'];
}

/** What the parse with positions says of `path` in `text` (`null` for nothing present). */
function parsed(text: string, path: string) {
  return fieldPosition(positionTree(text, 0), path) ?? null;
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

/** Checks the reader against the parse on `text` for every probe; returns how many probes it answered and how many it was asked. */
function compare(text: string): { answered: number; asked: number } {
  let read: unknown;
  try {
    read = loadKubernetesYaml(text);
  } catch {
    fc.pre(false); // the audit locates fields only in documents it could read
  }
  const lines = blockLines(text, 0, text.length);
  const paths = probes(read);
  let answered = 0;
  for (const path of paths) {
    const position = lines && blockFieldPosition(text, lines, path);
    if (position !== undefined) {
      answered++;
      expect({ text, path, position }).toEqual({ text, path, position: parsed(text, path) });
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
    const lines = blockLines(text, 0, text.length);
    expect(lines).toBeDefined();
    // (not into the flow collections `args` and `resources`: the reader gives up there)
    const paths = probes(loadKubernetesYaml(text)).filter((p) => !/(?:args|resources)[.[]/.test(p));
    const answers = paths.map((path) => ({ path, position: blockFieldPosition(text, lines!, path) }));
    expect(answers).toEqual(paths.map((path) => ({ path, position: parsed(text, path) })));
    expect(blockFieldPosition(text, lines!, 'spec.template.spec.containers[0].securityContext.privileged')).toEqual({ line: 24, column: 10 });
  });

  test.each([
    ['an anchor', 'a: &x\n  b: 1\nc: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a quoted key', '"a": 1\n'],
    ['a quoted scalar that goes on to the next line', 'a: "one\n  two"\nb: 1\n'],
    ['a flow collection that goes on to the next line', 'a: [1,\n  2]\nb: 1\n'],
    ['a tab', 'a:\tb\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a flow document', '{"a": 1}\n'],
    ['an item on the line after its dash', 'a:\n-\n  b: 1\n'],
  ])('gives up on %s', (_, text) => {
    const lines = blockLines(text, 0, text.length);
    expect(lines === undefined || blockFieldPosition(text, lines, 'c.b') === undefined || blockFieldPosition(text, lines, 'a.b') === undefined).toBe(true);
  });

  test('gives up on a path into a flow collection or past a key that is no plain string', () => {
    const text = 'a: {b: 1}\ntrue:\n  e: 1\n';
    const lines = blockLines(text, 0, text.length);
    expect(lines).toBeDefined();
    expect(blockFieldPosition(text, lines!, 'a.b')).toBeUndefined();
    expect(blockFieldPosition(text, lines!, 'true.e')).toBeUndefined();
  });
});
