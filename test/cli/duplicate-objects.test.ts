/**
 * An object key (API group, kind, namespace, name) given twice: `kubectl apply -f` applies the documents in order
 * (kubernetes/kubernetes staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go: `StreamVisitor.Visit` decodes the
 * documents of a stream one after another; `FileVisitor`s of a directory follow its walk; kubectl/pkg/cmd/apply/apply.go:
 * `Run` calls `applyOneObject` for each, which patches the live object of that key to the later copy), so the cluster
 * runs the last copy. But one input often holds sets applied apart (an overlay per environment), so the audit, report
 * and reach (which read the input alike, `readInput`) judge every copy with other content and note the pair; an
 * identical copy is judged once. Neither changes the exit code.
 */
import { auditJson, runCli, tempDir } from './run-cli';
import { readInput } from '../../lib/cli/read-input';

const noStdin = async (): Promise<string> => '';

/** A Deployment `web` in `shop`, its container privileged or not. */
const deployment = (privileged: boolean, apiVersion = 'apps/v1'): string => `apiVersion: ${apiVersion}
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          securityContext:
            privileged: ${privileged}
`;

const configMap = (name: string, data: string, extra = ''): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  k: ${data}\n`;

describe('readInput: objects of one key |', () => {
  test('every copy with other content is kept and judged; the pair is a note at the later copy naming the earlier, not a problem', async () => {
    const cwd = tempDir({ 'a.yaml': `${configMap('other', 'x')}---\n${configMap('app', 'one')}`, 'b/c.yaml': configMap('app', 'two') });
    const input = await readInput(['.'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => `${m.location.file}:${m.location.line}#${m.object.metadata.name}`)).toEqual(['a.yaml:1#other', 'a.yaml:8#app', 'b/c.yaml:1#app']);
    expect(input.problems).toEqual([]);
    expect(input.notes).toEqual([{
      file: 'b/c.yaml',
      message: 'line 1: ConfigMap app (core API group) is given again, with other content than at a.yaml:8: both are judged, but kubectl apply '
        + 'of both keeps only this one. Audit each set you apply on its own, or give one of them another name',
    }]);
  });

  test('arguments are read in the order given, as kubectl apply -f a -f b applies them: the note is at the later argument', async () => {
    const cwd = tempDir({ 'a.yaml': configMap('app', 'one'), 'b.yaml': configMap('app', 'two') });
    const input = await readInput(['b.yaml', 'a.yaml'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => m.object)).toEqual([expect.objectContaining({ data: { k: 'two' } }), expect.objectContaining({ data: { k: 'one' } })]);
    expect(input.notes.map((n) => `${n.file} ${n.message.slice(0, n.message.indexOf(':', 8))}`)).toEqual([
      'a.yaml line 1: ConfigMap app (core API group) is given again, with other content than at b.yaml',
    ]);
  });

  test('an identical copy (key order aside) is judged once and noted; three copies give two notes, in input order', async () => {
    const same = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  k: one\nmetadata:\n  name: app\n';
    const cwd = tempDir({ 'a.yaml': `${configMap('app', 'one')}---\n${same}---\n${configMap('app', 'three')}` });
    const input = await readInput(['a.yaml'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => `${m.location.line}:${String((m.object.data as Record<string, unknown> | undefined)?.k)}`)).toEqual(['8:one', '15:three']);
    expect(input.notes.map((n) => n.message.slice(0, n.message.indexOf(':', 8)))).toEqual([
      'line 8: ConfigMap app (core API group) is given again, identical to a.yaml',
      'line 15: ConfigMap app (core API group) is given again, with other content than at a.yaml',
    ]);
    expect(input.problems).toEqual([]);
  });

  test('the key is the API group, not the version; namespaces and groups tell objects apart; a cluster-scoped kind has no namespace', async () => {
    const otherGroup = configMap('app', 'one').replace('apiVersion: v1', 'apiVersion: example.com/v1');
    const namespace = (extra: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n${extra}`;
    const cwd = tempDir({
      'a.yaml': [deployment(true, 'apps/v1beta1'), deployment(false), configMap('app', 'one'), otherGroup,
        configMap('app', 'two', '  namespace: other\n'), namespace(''), namespace('  namespace: ignored\n')].join('---\n'),
    });
    const input = await readInput(['a.yaml'], { cwd, readStdin: noStdin });
    expect(input.manifests).toHaveLength(7);
    expect(input.notes.map((n) => n.message.slice(n.message.indexOf(': ') + 2, n.message.indexOf(' is given again')))).toEqual([
      'Deployment shop/web (apps API group)', 'Namespace shop (core API group)',
    ]);
  });
});

describe('the CLI judges every copy with other content |', () => {
  test('audit: a privileged copy is reported whichever copy it is; the pair is a note and no input problem', async () => {
    for (const [first, second, line] of [[true, false, 17], [false, true, 35]] as const) {
      const cwd = tempDir({ 'app.yaml': `${deployment(first)}---\n${deployment(second)}---\n${configMap('cm', 'x')}` });
      const { result, json } = await auditJson(['app.yaml'], { cwd });
      expect(json.inputs.objects).toBe(3);
      expect(json.problems).toEqual([]);
      // (privileged: true is at line 17 in the first copy, at line 35 in the second, which starts at line 19)
      expect(json.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => f.location)).toEqual([{ file: 'app.yaml', line, column: 13 }]);
      expect(result.stderr).toContain('note: app.yaml: line 19: Deployment shop/web (apps API group) is given again, with other content than at app.yaml:1');
    }
  });

  test('report and reach read the same: the note is printed and no input problem is (exit 2 is theirs for problems only)', async () => {
    const cwd = tempDir({ 'app.yaml': `${deployment(true)}---\n${deployment(false)}` });
    for (const command of [['report', 'app.yaml', '--format', 'json'], ['reach', 'app.yaml', '--format', 'json']]) {
      const result = await runCli(command, { cwd });
      expect(result.code).not.toBe(2);
      expect(result.stderr).toContain('Deployment shop/web (apps API group) is given again, with other content than at app.yaml:1');
    }
  });

  test('identical copies: judged once, a note, exit 0 when nothing else is wrong', async () => {
    const cwd = tempDir({ 'a.yaml': configMap('app', 'one'), 'b.yaml': configMap('app', 'one') });
    const { result, json } = await auditJson(['a.yaml', 'b.yaml'], { cwd });
    expect(json.problems).toEqual([]);
    expect(json.inputs.objects).toBe(1);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: b.yaml: line 1: ConfigMap app (core API group) is given again, identical to a.yaml:1: judged once');
  });
});
