/**
 * An object key (API group, kind, namespace, name) given twice: `kubectl apply -f` applies the documents in order
 * (kubernetes/kubernetes staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go: `StreamVisitor.Visit` decodes the
 * documents of a stream one after another; `FileVisitor`s of a directory follow its walk; kubectl/pkg/cmd/apply/apply.go:
 * `Run` calls `applyOneObject` for each, which patches the live object of that key to the later copy), so the cluster
 * runs the last copy. The audit, report and reach read the input alike (`readInput`): the last copy only, an earlier
 * copy with other content an input problem (exit 2, the rest still judged), an identical one a note.
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
  test('the copy read last is kept; an earlier one with other content is a problem at the later copy naming the earlier', async () => {
    const cwd = tempDir({ 'a.yaml': `${configMap('other', 'x')}---\n${configMap('app', 'one')}`, 'b/c.yaml': configMap('app', 'two') });
    const input = await readInput(['.'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => `${m.location.file}:${m.location.line}#${m.object.metadata.name}`)).toEqual(['a.yaml:1#other', 'b/c.yaml:1#app']);
    expect(input.manifests.find((m) => m.object.metadata.name === 'app')?.object).toMatchObject({ data: { k: 'two' } });
    expect(input.problems).toEqual([{
      file: 'b/c.yaml',
      line: 1,
      message: 'ConfigMap app (core API group) is given again, with other content than at a.yaml:8: kubectl apply applies both in order and keeps '
        + 'this one, so only this one is audited. Remove one of them, or give it another name',
    }]);
    expect(input.notes).toEqual([]);
  });

  test('arguments are read in the order given, as kubectl apply -f a -f b applies them: the last argument wins', async () => {
    const cwd = tempDir({ 'a.yaml': configMap('app', 'one'), 'b.yaml': configMap('app', 'two') });
    const input = await readInput(['b.yaml', 'a.yaml'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => m.object)).toEqual([expect.objectContaining({ data: { k: 'one' } })]);
    expect(input.problems.map((p) => `${p.file}:${p.line} ${p.message.slice(0, p.message.indexOf(':'))}`)).toEqual([
      'a.yaml:1 ConfigMap app (core API group) is given again, with other content than at b.yaml',
    ]);
  });

  test('an identical copy (key order aside) is judged once and noted, not a problem; three copies give two reports', async () => {
    const same = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  k: one\nmetadata:\n  name: app\n';
    const cwd = tempDir({ 'a.yaml': `${configMap('app', 'one')}---\n${same}---\n${configMap('app', 'three')}` });
    const input = await readInput(['a.yaml'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => m.object)).toEqual([expect.objectContaining({ data: { k: 'three' } })]);
    expect(input.notes).toEqual([{ file: 'a.yaml', message: 'line 8: ConfigMap app (core API group) is given again, identical to a.yaml:1: judged once' }]);
    expect(input.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['a.yaml:15']);
  });

  test('the key is the API group, not the version; namespaces and groups tell objects apart; a cluster-scoped kind has no namespace', async () => {
    const otherGroup = configMap('app', 'one').replace('apiVersion: v1', 'apiVersion: example.com/v1');
    const namespace = (extra: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n${extra}`;
    const cwd = tempDir({
      'a.yaml': [deployment(true, 'apps/v1beta1'), deployment(false), configMap('app', 'one'), otherGroup,
        configMap('app', 'two', '  namespace: other\n'), namespace(''), namespace('  namespace: ignored\n')].join('---\n'),
    });
    const input = await readInput(['a.yaml'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => `${m.object.apiVersion} ${m.object.kind} ${m.object.metadata.name}`)).toEqual([
      'apps/v1 Deployment web', 'v1 ConfigMap app', 'example.com/v1 ConfigMap app', 'v1 ConfigMap app', 'v1 Namespace shop',
    ]);
    expect(input.problems.map((p) => p.message.slice(0, p.message.indexOf(' is given again')))).toEqual([
      'Deployment shop/web (apps API group)', 'Namespace shop (core API group)',
    ]);
  });
});

describe('the CLI judges the copy kubectl apply keeps |', () => {
  test('audit: the later copy is judged, whichever it is; the pair is an input problem (exit 2) and the rest is still audited', async () => {
    const hardenedLast = tempDir({ 'app.yaml': `${deployment(true)}---\n${deployment(false)}---\n${configMap('cm', 'x')}` });
    const { result, json } = await auditJson(['app.yaml'], { cwd: hardenedLast });
    expect(result.code).toBe(2);
    expect(json.inputs.objects).toBe(2);
    expect(json.findings.filter((f) => f.ruleId === 'KH-POD-003')).toEqual([]);
    expect(json.problems).toEqual([expect.objectContaining({ file: 'app.yaml', line: 19, message: expect.stringContaining('other content than at app.yaml:1') })]);
    expect(result.stderr).toContain('app.yaml:19');

    const privilegedLast = tempDir({ 'app.yaml': `${deployment(false)}---\n${deployment(true)}` });
    const last = await auditJson(['app.yaml'], { cwd: privilegedLast });
    // (privileged: true of the second copy, which starts at line 19)
    expect(last.json.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => f.location)).toEqual([{ file: 'app.yaml', line: 35, column: 13 }]);
  });

  test('report and reach read the same: the problem is printed and they exit 2', async () => {
    const cwd = tempDir({ 'app.yaml': `${deployment(true)}---\n${deployment(false)}` });
    for (const command of [['report', 'app.yaml', '--format', 'json'], ['reach', 'app.yaml', '--format', 'json']]) {
      const result = await runCli(command, { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Deployment shop/web (apps API group) is given again, with other content than at app.yaml:1');
    }
  });

  test('identical copies: judged once, a note, exit 0 when nothing else is wrong', async () => {
    const cwd = tempDir({ 'a.yaml': configMap('app', 'one'), 'b.yaml': configMap('app', 'one') });
    const { result, json } = await auditJson(['a.yaml', 'b.yaml'], { cwd });
    expect(json.problems).toEqual([]);
    expect(json.inputs.objects).toBe(1);
    expect(result.stderr).toContain('note: b.yaml: line 1: ConfigMap app (core API group) is given again, identical to a.yaml:1: judged once');
  });
});
