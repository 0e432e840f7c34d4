import * as fc from 'fast-check';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { PositionTree, positionTree, positionTreeAt, subtree } from '../../../lib/audit/input/field-positions';
import { locateField, parseManifests } from '../../../lib/audit/input/parse-manifests';

/**
 * A `kubectl get -o yaml` dump is one `List` document: 60 MB of it made a position tree of every field (540 MB,
 * kept for the whole audit). The audit now finds the items with a tree cut below them (`maxDepth`) and locates an
 * item's fields from a tree of its own text (its `span`). Both must give exactly the positions of the full tree.
 *
 * The trees come from js-yaml's node listener (js-yaml 4.3, lib/loader.js: `composeNode` calls
 * `state.listener('open', state)` when it starts a node and `'close'` when it ends it, a block-context attempt at a
 * key included, which is why a flow collection may open twice; `loadDocuments` drops a leading U+FEFF before
 * parsing, so positions are in the text after it).
 */

type Path = (string | number)[];

/** Every path of `tree` down to `depth`, with its node. */
function nodes(tree: PositionTree, depth: number, path: Path = []): [Path, PositionTree][] {
  const out: [Path, PositionTree][] = [[path, tree]];
  if (path.length === depth) return out;
  for (const [key, entry] of tree.entries ?? []) out.push(...nodes(entry.value, depth, [...path, key]));
  (tree.items ?? []).forEach((item, i) => out.push(...nodes(item, depth, [...path, i])));
  return out;
}

/** `tree` without spans (what a full tree has). */
function withoutSpans(tree: PositionTree): PositionTree {
  const { span: _span, entries, items, ...rest } = tree;
  return {
    ...rest,
    ...(entries ? { entries: new Map([...entries].map(([k, e]) => [k, { key: e.key, value: withoutSpans(e.value) }])) } : {}),
    ...(items ? { items: items.map(withoutSpans) } : {}),
  };
}

/** Checks the cut trees and the item trees of `text` against its full tree. */
function expectSamePositions(text: string, lineOffset: number): void {
  const full = positionTree(text, lineOffset);
  for (const depth of [1, 2, 3, 4]) {
    const cut = positionTree(text, lineOffset, depth);
    for (const [path, node] of nodes(full, depth)) {
      const found = subtree(cut, path);
      expect({ path, line: found?.line, column: found?.column }).toEqual({ path, line: node.line, column: node.column });
      // every node of a cut tree carries its span, and its own text parses to its full subtree. Only the root's own
      // position may differ (a block collection opens where its key's line ends, its text at its first entry):
      // locating a field never reads it (a finding at the object itself is given the object's line).
      expect({ path, depth, span: found?.span !== undefined }).toEqual({ path, depth, span: true });
      const own = positionTreeAt(text, found!.span!.start, found!.span!.end, node.line, node.column);
      expect({ ...withoutSpans(own), line: node.line, column: node.column }).toEqual(node);
    }
  }
}

const pod = (i: number, flow: boolean) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p-${i}`, labels: { 'app.kubernetes.io/name': 'shop', 'tier': flow ? 'web' : 'data' }, annotations: { 'example.com/owner': 'team a' } },
  spec: {
    hostPID: i % 2 === 0,
    containers: [{ name: 'app', image: 'nginx:1.27', command: ['sh', '-c', 'echo "multi\nline"'], securityContext: { privileged: true } }],
  },
});

const lists = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.integer({ min: 0, max: 3 })).map(([count, flow, style]) => {
  const list = { apiVersion: 'v1', kind: 'List', items: Array.from({ length: count }, (_, i) => pod(i, flow)) };
  const texts = [
    JSON.stringify(list, null, 2),
    JSON.stringify(list),
    dump(list, flow ? { flowLevel: 2 } : {}),
    stringify(list, flow ? { collectionStyle: 'flow' } : {}),
  ];
  return texts[style];
});

describe('position trees cut at a depth, and items located from their own text', () => {
  test('give the positions of the full tree: block and flow YAML, pretty and one-line JSON (random Lists of Pods)', () => {
    fc.assert(fc.property(lists, fc.integer({ min: 0, max: 40 }), (text, lineOffset) => expectSamePositions(text, lineOffset)), { numRuns: 60 });
  });

  test('with anchors, tags, comments, block scalars and a JSON array of Lists', () => {
    expectSamePositions([
      '# a dump',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- &pod !!map',
      '  apiVersion: v1   # trailing comment',
      '  kind: Pod',
      '  metadata: {name: a, labels: {app: x}}',
      '  spec:',
      '    containers:',
      '    - name: app',
      '      args: [ "-v",',
      '        "--flag" ]',
      '      command:',
      '      - |',
      '        echo one',
      '        echo two',
      '-',
      '  apiVersion: v1',
      '  kind: ConfigMap',
      '  data: !!map { "key": "value" }',
      '- {apiVersion: v1, kind: Secret,',
      '   metadata: {name: s}}',
      '',
    ].join('\n'), 7);
    expectSamePositions(JSON.stringify([{ apiVersion: 'v1', kind: 'List', items: [pod(0, false), pod(1, true)] }, pod(2, false)], null, 4), 0);
  });
});

describe('locateField on List items', () => {
  test('an item is located from its own text: the same file, line and column as in the whole document', () => {
    const text = dump({ apiVersion: 'v1', kind: 'List', items: [pod(0, false), pod(1, false), pod(2, true)] });
    const { objects } = parseManifests(`# header\n${text}`, 'dump.yaml');
    const lines = `# header\n${text}`.split('\n');
    const hostPid = lines.map((line, i) => [line, i + 1] as const).filter(([line]) => line.includes('hostPID'));
    expect(objects.map((o) => o.source?.span !== undefined)).toEqual([true, true, true]);
    objects.forEach((located, i) => {
      const [line, number] = hostPid[i];
      expect(locateField(located, 'spec.hostPID')).toEqual({ file: 'dump.yaml', line: number, column: line.indexOf('hostPID') + 1 });
    });
  });

  test('a JSON array of objects (its outer `[` is opened twice by js-yaml): each object at its own line, its fields within it', () => {
    const text = JSON.stringify([pod(0, false), pod(1, false)], null, 2);
    const lines = text.split('\n');
    const { objects } = parseManifests(text, 'pods.json');
    const starts = lines.map((line, i) => [line, i + 1] as const).filter(([line]) => line === '  {').map(([, n]) => n);
    expect(objects.map((o) => o.location.line)).toEqual(starts);
    const hostPid = lines.map((line, i) => [line, i + 1] as const).filter(([line]) => line.includes('hostPID'));
    expect(objects.map((o) => locateField(o, 'spec.hostPID'))).toEqual(hostPid.map(([line, n]) => ({ file: 'pods.json', line: n, column: line.indexOf('"hostPID"') + 1 })));
  });

  test('objects before and after a nested List, at any depth, are each located from their own text', () => {
    const text = JSON.stringify([pod(0, false), { apiVersion: 'v1', kind: 'List', items: [pod(1, true)] }, pod(2, false)], null, 2);
    const lines = text.split('\n');
    const { objects } = parseManifests(text, 'mixed.json');
    expect(objects.map((o) => [o.object.metadata.name, o.source?.span !== undefined])).toEqual([['p-0', true], ['p-1', true], ['p-2', true]]);
    const hostPid = lines.map((line, i) => [line, i + 1] as const).filter(([line]) => line.includes('hostPID'));
    expect(objects.map((o) => locateField(o, 'spec.hostPID'))).toEqual(hostPid.map(([line, n]) => ({ file: 'mixed.json', line: n, column: line.indexOf('"hostPID"') + 1 })));
  });

  test('a byte order mark (which js-yaml drops) moves no line, column or span', () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod(0, false), pod(1, false)] }, null, 2);
    const lines = body.split('\n');
    const { objects } = parseManifests(`\ufeff${body}`, 'bom.json');
    const starts = lines.map((line, i) => [line, i + 1] as const).filter(([line]) => line === '    {').map(([, n]) => n);
    expect(objects.map((o) => [o.location.line, o.source?.span !== undefined])).toEqual(starts.map((n) => [n, true]));
    const kind = lines.findIndex((line) => line.includes('"Pod"')) + 1;
    expect(locateField(objects[0], 'kind')).toEqual({ file: 'bom.json', line: kind, column: lines[kind - 1].indexOf('"kind"') + 1 });
  });

  test('a flow sequence on the line after its key, and tagged flow items on one long line, are read as flow', () => {
    const nextLine = 'apiVersion: v1\nkind: List\nitems:\n  [{apiVersion: v1, kind: Pod, metadata: {name: a}},\n   {apiVersion: v1, kind: Pod, metadata: {name: b}}]\n';
    const { objects } = parseManifests(nextLine, 'next.yaml');
    expect(objects.map((o) => [o.object.metadata.name, o.location.line])).toEqual([['a', 4], ['b', 5]]);
    const column = (line: number) => nextLine.split('\n')[line - 1].indexOf('kind') + 1;
    expect(objects.map((o) => locateField(o, 'kind'))).toEqual([{ file: 'next.yaml', line: 4, column: column(4) }, { file: 'next.yaml', line: 5, column: column(5) }]);
    const item = (i: number) => `!!map {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {hostPID: true}}`;
    const oneLine = `items: [${Array.from({ length: 3 }, (_, i) => item(i)).join(', ')}]\napiVersion: v1\nkind: List\n`;
    const tagged = parseManifests(oneLine, 'tagged.yaml').objects;
    expect(tagged.map((o) => locateField(o, 'spec.hostPID'))).toEqual([0, 1, 2].map((i) => ({
      file: 'tagged.yaml', line: 1, column: oneLine.indexOf('hostPID', oneLine.indexOf(`name: p${i}`)) + 1,
    })));
  });

  test('an item whose first key carries an anchor keeps its span (it is not taken for js-yaml\'s wrapper of one node)', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- &y apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {hostPID: true}\n';
    const [located] = parseManifests(text, 'anchor.yaml').objects;
    expect(located.location.line).toBe(4);
    expect(located.source?.span).toBeDefined();
    expect(locateField(located, 'spec.hostPID')).toEqual({ file: 'anchor.yaml', line: 7, column: 10 });
  });

  test('an empty `-` item (js-yaml opens no node for it) is a problem at its line; the other items keep theirs', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n-\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n-\n  # b\n  apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec: {hostPID: true}\n-\n';
    const parsed = parseManifests(text, 'empty.yaml');
    expect(parsed.problems).toEqual([4, 14].map((line) => ({ file: 'empty.yaml', line, message: expect.stringContaining('not a Kubernetes object') })));
    const b = parsed.objects.find((o) => o.object.metadata.name === 'b')!;
    expect(parsed.objects.map((o) => [o.object.metadata.name, o.location.line, o.source?.span !== undefined])).toEqual([['a', 5, true], ['b', 10, true]]);
    expect(locateField(b, 'spec.hostPID')).toEqual({ file: 'empty.yaml', line: 13, column: 10 });
  });

  test('an item whose text does not parse alone (an alias of an anchor in an earlier item) is located in the whole document', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: a}',
      '  spec: &spec',
      '    hostPID: true',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: b}',
      '  spec: *spec',
      '',
    ].join('\n');
    const { objects } = parseManifests(text, 'alias.yaml');
    const second = objects.find((o) => o.object.metadata.name === 'b')!;
    expect(second.source?.span).toBeDefined();
    // the alias itself is where the document puts `spec` of b: line 12, and its hostPID resolves to the anchor's
    expect(locateField(second, 'spec')).toEqual({ file: 'alias.yaml', line: 12, column: 3 });
    expect(locateField(objects[0], 'spec.hostPID')).toEqual({ file: 'alias.yaml', line: 8, column: 5 });
  });
});

describe('keys pair with their values whatever nodes js-yaml opens', () => {
  /** The 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`. */
  const at = (text: string, needle: string, nth = 0): { line: number; column: number } => {
    let offset = -1;
    for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const privileged = 'spec.containers[0].securityContext.privileged';

  test('a key without a value (`stdin,` in a flow mapping, `? stdin` alone) keeps the lines of its mapping\'s other fields', () => {
    const text = [
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: flow}', 'spec:', '  containers:',
      '  - {name: c, image: "nginx:1", stdin,',
      '     securityContext: {privileged: true}}',
      '---',
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: block}', 'spec:', '  containers:',
      '  - name: c',
      '    ? stdin',
      '    ? tty',
      '    : true',
      '    securityContext:',
      '      privileged: true',
      '',
    ].join('\n');
    const { objects } = parseManifests(text, 'keys.yaml');
    const flow = objects.find((o) => o.object.metadata.name === 'flow')!;
    const block = objects.find((o) => o.object.metadata.name === 'block')!;
    expect((block.object.spec as { containers: unknown[] }).containers[0]).toEqual({ name: 'c', stdin: null, tty: true, securityContext: { privileged: true } });
    expect(locateField(flow, privileged)).toEqual({ file: 'keys.yaml', ...at(text, 'privileged') });
    expect(locateField(flow, 'spec.containers[0].stdin')).toEqual({ file: 'keys.yaml', ...at(text, 'stdin') });
    expect(locateField(block, privileged)).toEqual({ file: 'keys.yaml', ...at(text, 'privileged', 1) });
    expect(locateField(block, 'spec.containers[0].stdin')).toEqual({ file: 'keys.yaml', ...at(text, 'stdin', 1) });
    expect(locateField(block, 'spec.containers[0].tty')).toEqual({ file: 'keys.yaml', ...at(text, 'tty') });
  });

  test('a document ended by `...` keeps its fields\' lines: a Pod, and the items of a List', () => {
    const podLines = (name: string) => ['apiVersion: v1', 'kind: Pod', `metadata: {name: ${name}}`, 'spec:', '  containers:', '  - name: c', '    securityContext:', '      privileged: true'];
    const text = [
      ...podLines('first'), '...', '---', ...podLines('second'), '...',
      'apiVersion: v1', 'kind: List', 'items:', ...podLines('item').map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`)), '...', '',
    ].join('\n');
    const { objects, problems } = parseManifests(text, 'ends.yaml');
    expect(problems).toEqual([]);
    const where = (name: string) => locateField(objects.find((o) => o.object.metadata.name === name)!, privileged);
    expect(where('first')).toEqual({ file: 'ends.yaml', ...at(text, 'privileged') });
    expect(where('second')).toEqual({ file: 'ends.yaml', ...at(text, 'privileged', 1) });
    expect(where('item')).toEqual({ file: 'ends.yaml', ...at(text, 'privileged', 2) });
    expect(objects.find((o) => o.object.metadata.name === 'item')!.location).toEqual({ file: 'ends.yaml', line: at(text, 'apiVersion', 3).line });
  });
});
