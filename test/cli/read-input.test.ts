import { tempDir } from './run-cli';
import { parseManifests } from '../../lib/audit/input/parse-manifests';
import { isDockerfileName, readInput } from '../../lib/cli/read-input';

const noStdin = async (): Promise<string> => '';

describe('readInput', () => {
  test('walks directories depth-first in sorted order, skipping node_modules, .git and other extensions', async () => {
    // GIVEN files created out of order
    const manifest = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    const cwd = tempDir({
      'z.yaml': manifest('z'),
      'b/Dockerfile.prod': 'FROM scratch\n',
      'a.yml': manifest('a'),
      'b/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
      'node_modules/x.yaml': manifest('skipped'),
      '.git/y.yaml': manifest('skipped'),
      'README.md': '# not audited',
      'api.Dockerfile': 'FROM scratch\n',
    });
    // WHEN the directory is read
    const input = await readInput(['.'], { cwd, readStdin: noStdin });
    // THEN the order is the sorted walk, and paths are relative to the working directory
    expect(input.manifests.map((m) => `${m.location.file}#${m.object.metadata.name}`)).toEqual(['a.yml#a', 'b/c.json#c', 'z.yaml#z']);
    expect(input.dockerfiles.map((d) => d.file)).toEqual(['api.Dockerfile', 'b/Dockerfile.prod']);
    expect(input.problems).toEqual([]);
    expect(input.files).toBe(5);
  });

  test('tells its source the characters of each file as it is read', async () => {
    // GIVEN two files and a source that records what it is told, and what was parsed by then
    const first = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
    const second = 'not: [valid\n';
    const cwd = tempDir({ 'a.yaml': first, 'b.yaml': second });
    const told: number[] = [];
    // WHEN both are read, the second being malformed (it is still counted: it was read)
    const input = await readInput(['a.yaml', 'b.yaml'], { cwd, readStdin: noStdin, reading: (characters) => told.push(characters) });
    // THEN each file's length is told, and the malformed one is still a problem
    expect(told).toEqual([first.length, second.length]);
    expect(input.problems.map((p) => p.file)).toEqual(['b.yaml']);
  });

  test('records the Helm template of each object', async () => {
    const cwd = tempDir({ 'out.yaml': '---\n# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
    const input = await readInput(['out.yaml'], { cwd, readStdin: noStdin });
    expect(input.manifests).toEqual([expect.objectContaining({ template: 'app/templates/cm.yaml', location: { file: 'out.yaml', line: 3 } })]);
  });

  test('a document that is not a Kubernetes object, and an alias bomb, are problems with lines', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    const cwd = tempDir({ 'x.yaml': `just text\n---\n${bomb}\n` });
    const input = await readInput(['x.yaml'], { cwd, readStdin: noStdin });
    expect(input.problems).toEqual([
      { file: 'x.yaml', line: 1, message: 'document is not a Kubernetes object (it needs a string apiVersion and kind)' },
      expect.objectContaining({ file: 'x.yaml', line: 3, message: expect.stringMatching(/^unreadable document/) }),
    ]);
  });

  test.each([
    ['Dockerfile', true], ['Containerfile', true], ['Dockerfile.dev', true], ['web.Dockerfile', true],
    ['dockerfile', true], ['Dockerfiles.yaml', false], ['deploy.yaml', false],
  ])('isDockerfileName(%s) is %s', (name, expected) => {
    expect(isDockerfileName(name)).toBe(expected);
  });
});

describe('parseManifests', () => {
  test('a duplicate key makes the document malformed (kubectl would reject it), the others are kept', () => {
    const text = [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: twice', 'spec:', '  hostNetwork: false', '  hostNetwork: true',
      '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: fine',
    ].join('\n');
    const parsed = parseManifests(text, 'dup.yaml');
    expect(parsed.problems).toEqual([{ file: 'dup.yaml', line: 7, message: "malformed YAML/JSON document: duplicate key 'hostNetwork'" }]);
    expect(parsed.objects.map((o) => o.object.metadata.name)).toEqual(['fine']);
  });

  // Speed is the benchmark's to measure (npm run bench), never a timed assertion: this checks the result only.
  test('an object with 20 000 distinct keys parses whole, with no duplicate reported', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: v`).join('\n');
    const parsed = parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many\ndata:\n${keys}\n`, 'many.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects).toHaveLength(1);
    expect(Object.keys(parsed.objects[0].object.data as object)).toHaveLength(20_000);
  });
});
