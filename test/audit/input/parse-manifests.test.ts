import { auditSources } from '../../../lib/audit/input/audit-sources';
import { locateField, parseManifests } from '../../../lib/audit/input/parse-manifests';
import { countLines, splitYamlDocuments } from '../../../lib/audit/input/yaml-documents';

/** The lines of a manifest, joined (so a test can say which line holds what). */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A Pod named `p` whose spec is `specLines` (its first line is line 5). */
function podYaml(...specLines: string[]): string {
  return yaml('apiVersion: v1', 'kind: Pod', 'metadata: { name: p }', 'spec:', ...specLines);
}

const DEPLOYMENT = [
  'apiVersion: apps/v1', //           1
  'kind: Deployment', //              2
  'metadata:', //                     3
  '  name: web', //                   4
  '  namespace: shop', //             5
  '  annotations:', //                6
  '    example.com/owner: team-a', // 7
  'spec:', //                         8
  '  replicas: 3', //                 9
  '  selector:', //                   10
  '    matchLabels: { app: web }', // 11
  '  template:', //                   12
  '    metadata:', //                 13
  '      labels: { app: web }', //    14
  '    spec:', //                     15
  '      containers:', //             16
  '        - name: app', //           17
  '          image: nginx:1.27', //   18
];

describe('locations: a finding is reported at the field it judges, in its own copy of the object', () => {
  test('a privileged container on line 17 of the second copy of a duplicated object is reported at that file and line', () => {
    // GIVEN the same Deployment (same apiVersion/kind/namespace/name) in two files; only the second is privileged,
    // at line 17, and its document starts on line 3 (after a comment and a ConfigMap)
    const first = yaml(...DEPLOYMENT);
    const second = yaml(
      '# copy', //                                1
      '---', //                                   2
      'apiVersion: apps/v1', //                   3
      'kind: Deployment', //                      4
      'metadata: { name: web, namespace: shop }', // 5
      'spec:', //                                 6
      '  selector:', //                           7
      '    matchLabels: { app: web }', //         8
      '  template:', //                           9
      '    metadata:', //                         10
      '      labels: { app: web }', //            11
      '    spec:', //                             12
      '      containers:', //                     13
      '        - name: app', //                   14
      '          image: nginx:1.27', //           15
      '          securityContext:', //            16
      '            privileged: true', //          17
    );
    const manifests = [...parseManifests(first, 'a.yaml').objects, ...parseManifests(second, 'b.yaml').objects];
    // WHEN both are audited together
    const report = auditSources({ manifests, dockerfiles: [] });
    // THEN the privileged finding is at b.yaml line 17 (column of the key), and no finding of the second copy is
    // reported in the first file
    const privileged = report.findings.filter((f) => f.ruleId === 'KH-POD-003');
    expect(privileged.map((f) => f.location)).toEqual([{ file: 'b.yaml', line: 17, column: 13 }]);
    const images = report.findings.filter((f) => f.ruleId === 'KH-IMG-003').map((f) => f.location);
    expect(images).toEqual(expect.arrayContaining([{ file: 'a.yaml', line: 18, column: 11 }, { file: 'b.yaml', line: 15, column: 11 }]));
  });

  test('a field that is absent is located at its deepest present ancestor; a finding without a path at the object', () => {
    const [located] = parseManifests(yaml(...DEPLOYMENT), 'd.yaml').objects;
    // runAsNonRoot is not set: the container's item (line 17) is where to add it
    expect(locateField(located, 'spec.template.spec.containers[0].securityContext.runAsNonRoot')).toEqual({ file: 'd.yaml', line: 17, column: 11 });
    expect(locateField(located, 'spec.replicas')).toEqual({ file: 'd.yaml', line: 9, column: 3 });
    expect(locateField(located, 'spec.template.spec.hostNetwork')).toEqual({ file: 'd.yaml', line: 15, column: 5 });
    expect(locateField(located, 'status.phase')).toEqual({ file: 'd.yaml', line: 1 });
    expect(locateField(located, undefined)).toEqual({ file: 'd.yaml', line: 1 });
  });

  test('findings at one field share one location object (1.7 million findings of a 60 MB file repeat few positions)', () => {
    const [located] = parseManifests(yaml(...DEPLOYMENT), 'd.yaml').objects;
    const runAsNonRoot = locateField(located, 'spec.template.spec.containers[0].securityContext.runAsNonRoot');
    const capabilities = locateField(located, 'spec.template.spec.containers[0].securityContext.capabilities');
    expect(capabilities).toBe(runAsNonRoot);
    expect(locateField(located, 'spec.replicas')).not.toBe(runAsNonRoot);
    // another object of the same text at the same position gets the same (equal) location
    const [again] = parseManifests(yaml(...DEPLOYMENT), 'd.yaml').objects;
    expect(locateField(again, 'spec.template.spec.containers[0].securityContext.runAsNonRoot')).toEqual(runAsNonRoot);
  });

  test('keys with dots (annotation and label keys) are matched whole, in flow mappings too', () => {
    const [located] = parseManifests(yaml(...DEPLOYMENT), 'd.yaml').objects;
    expect(locateField(located, 'metadata.annotations.example.com/owner')).toEqual({ file: 'd.yaml', line: 7, column: 5 });
    expect(locateField(located, 'spec.selector.matchLabels.app')).toEqual({ file: 'd.yaml', line: 11, column: 20 });
  });

  test('List items and JSON arrays: each object at its own line, its fields within it', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: { hostPID: true } },
      ],
    }, null, 2);
    const parsed = parseManifests(list, 'list.json');
    expect(parsed.problems).toEqual([]);
    const pod = parsed.objects.find((o) => o.object.kind === 'Pod')!;
    const lines = list.split('\n');
    const podLine = lines.findIndex((l) => l.includes('"kind": "Pod"')) - 2 + 1; // the item's `{` is 2 lines above
    expect(lines[podLine - 1].trim()).toBe('{');
    expect(pod.location).toEqual({ file: 'list.json', line: podLine });
    const hostPidLine = lines.findIndex((l) => l.includes('"hostPID"')) + 1;
    expect(locateField(pod, 'spec.hostPID')).toEqual({ file: 'list.json', line: hostPidLine, column: lines[hostPidLine - 1].indexOf('"hostPID"') + 1 });
  });
});

describe('parsing: one document at a time, the way Kubernetes reads YAML', () => {
  test('a malformed document is a problem at its line (at most its last line); the documents before and after are read', () => {
    const text = yaml(
      'apiVersion: v1', //          1
      'kind: ConfigMap', //         2
      'metadata: { name: before }', // 3
      '---', //                     4
      'apiVersion: v1', //          5
      'kind: ConfigMap', //         6
      'metadata: [unclosed', //     7
      '---', //                     8
      '# Source: chart/templates/after.yaml', // 9
      'apiVersion: v1', //          10
      'kind: ConfigMap', //         11
      'metadata: { name: after }', // 12
    );
    const parsed = parseManifests(text, 'm.yaml');
    expect(parsed.problems).toEqual([{ file: 'm.yaml', line: 7, message: expect.stringMatching(/^malformed YAML\/JSON document: /) }]);
    expect(parsed.objects.map((o) => [o.object.metadata.name, o.location.line, o.template])).toEqual([
      ['before', 1, undefined], ['after', 10, 'chart/templates/after.yaml'],
    ]);
  });

  test('a duplicate key names the key and its line', () => {
    const parsed = parseManifests(podYaml('  hostPID: false', '  hostPID: true'), 'p.yaml');
    expect(parsed.problems).toEqual([{ file: 'p.yaml', line: 6, message: "malformed YAML/JSON document: duplicate key 'hostPID'" }]);
  });

  test('a duplicate key in JSON is a problem naming the key and its line, as in YAML (JSON.parse would keep the last)', () => {
    const pod = [
      '{', //                                               1
      '  "apiVersion": "v1", "kind": "Pod",', //             2
      '  "metadata": {"name": "p", "annotations": {"a\\"": "\\\\", "b:\\"c": "\\"d\\":"}},', // 3
      '  "spec": {"containers": [{"name": "c", "image": "nginx:1",', // 4
      '    "securityContext": {', //                       5
      '      "privileged": true,', //                       6
      '      "privileged": false', //                       7
      '  }}]}', //                                          8
      '}', //                                               9
    ].join('\n');
    expect(parseManifests(pod, 'p.json')).toEqual({ objects: [], problems: [{ file: 'p.json', line: 7, message: "malformed YAML/JSON document: duplicate key 'privileged'" }] });
    // escaped quotes, and colons and braces in strings, are no keys: without the duplicate the Pod is read
    const single = parseManifests(pod.replace('      "privileged": true,\n', ''), 'p.json');
    expect(single.problems).toEqual([]);
    expect(single.objects[0].object.metadata.annotations).toEqual({ 'a"': '\\', 'b:"c': '"d":' });
    // a JSON List is one document, as a YAML List is: a duplicate in one item is a problem for the file
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] }, null, 2)
      .replace('"name": "a"', '"name": "a",\n        "name": "b"');
    const second = list.split('\n').findIndex((l) => l.includes('"name": "b"')) + 1;
    expect(parseManifests(list, 'l.json')).toEqual({ objects: [], problems: [{ file: 'l.json', line: second, message: "malformed YAML/JSON document: duplicate key 'name'" }] });
  });

  test('YAML 1.1 scalars resolve as go-yaml v2 (sigs.k8s.io/yaml) resolves them: `privileged: yes` is privileged', () => {
    // Kubernetes turns YAML into JSON with sigs.k8s.io/yaml, whose decoder is a fork of go-yaml v2.4.0
    // (kubernetes/kubernetes vendor/sigs.k8s.io/yaml/goyaml.v2/README.md). Its resolve.go resolves plain scalars
    // y/yes/on (any case form listed there) to true, n/no/off to false, ~/null/'' to null, and numbers with
    // strconv.ParseInt(s, 0, 64) after removing '_' (so 0644 is octal, 0x1F hex, 0b101 binary), then
    // yamlStyleFloat `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`; timestamps are no JSON type and stay
    // strings. (Every scalar form, against kubectl: kubernetes-yaml.differential.test.ts.)
    const text = podYaml(
      '  hostNetwork: on',
      '  hostPID: Yes',
      '  hostIPC: "yes"',
      '  enableServiceLinks: off',
      '  volumes:',
      '    - name: cfg',
      '      configMap: { name: cfg, defaultMode: 0644 }',
      '  containers:',
      '    - name: app',
      '      image: busybox:1.36.1',
      '      securityContext: { privileged: y, runAsUser: 1_000, runAsGroup: 0x1F, procMount: ~ }',
      '      args: [08, 1.5, 1e3, -1.5e+3, .5, 2024-01-01, "0644", <<]',
    );
    const [pod] = parseManifests(text, 'p.yaml').objects;
    const spec = pod.object.spec as Record<string, any>;
    expect([spec.hostNetwork, spec.hostPID, spec.hostIPC, spec.enableServiceLinks]).toEqual([true, true, 'yes', false]);
    expect(spec.volumes[0].configMap.defaultMode).toBe(0o644);
    expect(spec.containers[0].securityContext).toEqual({ privileged: true, runAsUser: 1000, runAsGroup: 31, procMount: null });
    expect(spec.containers[0].args).toEqual([8, 1.5, 1000, -1500, 0.5, '2024-01-01', '0644', '<<']);
    // and the audit sees it: on/Yes/y are the real thing
    const report = auditSources({ manifests: [pod], dockerfiles: [] });
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => f.location?.line)).toEqual([15]);
    // (the quoted "yes" is a string: Kubernetes rejects it, and the rule cannot judge it)
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-002').map((f) => f.message).sort()).toEqual([
      'spec.hostIPC is a string, not a boolean: Kubernetes rejects the object, and the rule cannot judge it',
      'the pod sets hostNetwork: true', 'the pod sets hostPID: true',
    ]);
  });

  test('`<<` merges a mapping (go-yaml v2 supports merge keys); the merged fields are audited', () => {
    const text = podYaml(
      '  containers:',
      '    - &base',
      '      name: a',
      '      image: busybox:1.36.1',
      '      securityContext: { privileged: true }',
      '    - <<: *base',
      '      name: b',
    );
    const [pod] = parseManifests(text, 'p.yaml').objects;
    const containers = (pod.object.spec as Record<string, any>).containers;
    expect(containers.map((c: { name: string }) => c.name)).toEqual(['a', 'b']);
    expect(containers[1].securityContext).toEqual({ privileged: true });
    const report = auditSources({ manifests: [pod], dockerfiles: [] });
    // b's privileged comes from the merge: it is located at b's item, the nearest line that is b's
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => f.location?.line)).toEqual([9, 10]);
  });

  test('a merge key `<<` is applied where it stands, as kubectl applies it: merged after `privileged: false`, `privileged: true` wins', () => {
    // go-yaml v2 (sigs.k8s.io/yaml v1.4.0 goyaml.v2/decode.go mapping()) reads a mapping's entries in order and
    // merge() sets the merged keys into the same map: a later entry overwrites an earlier one, merged or not. kubectl
    // v1.32 reads this container as privileged (kubernetes-yaml.differential.test.ts holds every layout against it).
    const text = podYaml(
      '  containers:',
      '    - name: after',
      '      image: busybox:1.36.1',
      '      securityContext:',
      '        privileged: false',
      '        allowPrivilegeEscalation: false',
      '        <<: {privileged: true, allowPrivilegeEscalation: true}',
      '    - name: before',
      '      image: busybox:1.36.1',
      '      securityContext:',
      '        <<: {privileged: true}',
      '        privileged: false',
    );
    const [pod] = parseManifests(text, 'p.yaml').objects;
    const containers = (pod.object.spec as Record<string, any>).containers as Record<string, any>[];
    expect(containers.find((c) => c.name === 'after')!.securityContext).toEqual({ privileged: true, allowPrivilegeEscalation: true });
    expect(containers.find((c) => c.name === 'before')!.securityContext).toEqual({ privileged: false });
    const report = auditSources({ manifests: [pod], dockerfiles: [] });
    // located where the value that counts is written: in the merged mapping, on the `<<` line
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => [f.message, f.location?.line])).toEqual([
      ["container 'after' is privileged", 11],
    ]);
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-014').map((f) => [f.message, f.location?.line])).toEqual([
      ["container 'after' allows privilege escalation", 11],
      ["container 'before' does not set allowPrivilegeEscalation: false", 14],
    ]);
  });

  test('a merge key written without the characters `<<` (an escape, a tag) is applied too: the escaped privileged merge is reported', () => {
    // go-yaml v2 merges a key whose value is `<<` (sigs.k8s.io/yaml v1.4.0 goyaml.v2/decode.go isMerge), however the
    // double-quoted scalar spells it (scannerc.go yaml_parser_scan_flow_scalar: `\x3c` is `<`); kubectl v1.32 reads
    // this container as privileged with privilege escalation (`kubectl label --local -f p.yaml x=y -o json`).
    const text = podYaml(
      '  containers:',
      '    - name: web',
      '      image: busybox:1.36.1',
      '      securityContext:',
      '        privileged: false',
      '        allowPrivilegeEscalation: false',
      '        !!merge "\\x3c<": {privileged: true, allowPrivilegeEscalation: true}',
    );
    const [pod] = parseManifests(text, 'p.yaml').objects;
    const report = auditSources({ manifests: [pod], dockerfiles: [] });
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => [f.message, f.location?.line])).toEqual([
      ["container 'web' is privileged", 11],
    ]);
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-014').map((f) => [f.message, f.location?.line])).toEqual([
      ["container 'web' allows privilege escalation", 11],
    ]);
  });

  test('a field a merge brings is located where its value is written: the merged mapping\'s key, the alias that brings it', () => {
    const text = yaml(
      'apiVersion: v1', //                             1
      'kind: Pod', //                                  2
      'metadata: { name: p }', //                      3
      'x-defaults: &sc', //                            4
      '  privileged: true', //                         5
      '  runAsUser: 0', //                             6
      'spec:', //                                      7
      '  containers:', //                              8
      '    - name: a', //                              9
      '      image: busybox:1.36.1', //                10
      '      securityContext:', //                     11
      '        runAsUser: 5', //                       12
      '        <<:', //                                13
      '          - privileged: false', //              14
      '          - privileged: true', //               15
      '            runAsGroup: 7', //                  16
      '    - name: b', //                              17
      '      image: busybox:1.36.1', //                18
      '      securityContext:', //                     19
      '        <<: [{runAsUser: 1}, *sc]', //          20
      '        capabilities: {add: [NET_ADMIN]}', //   21
    );
    const [pod] = parseManifests(text, 'p.yaml').objects;
    const lines = text.split('\n');
    const at = (path: string): string => {
      const location = locateField(pod, `spec.containers${path}`);
      return `${location.line}: ${lines[location.line! - 1].slice(location.column! - 1)}`;
    };
    // of a sequence, the earlier item wins (merge() applies the items last to first), over the key before the merge
    expect(at('[0].securityContext.privileged')).toBe('14: privileged: false');
    expect(at('[0].securityContext.runAsGroup')).toBe('16: runAsGroup: 7');
    expect(at('[0].securityContext.runAsUser')).toBe('12: runAsUser: 5');
    // an alias brings its mapping's fields: they are at the alias, as any field under an alias is
    expect(at('[1].securityContext.privileged')).toBe('20: *sc]');
    expect(at('[1].securityContext.runAsUser')).toBe('20: runAsUser: 1}, *sc]');
    expect(at('[1].securityContext.capabilities.add[0]')).toBe('21: NET_ADMIN]}');
    // a field no merge brings is at its nearest present ancestor, as ever
    expect(at('[1].securityContext.seccompProfile')).toBe('19: securityContext:');
  });

  test('a merge of no mapping, or a float JSON cannot hold, is a problem at its line: kubectl refuses the document', () => {
    // goyaml.v2/decode.go merge(): "map merge requires map or sequence of maps as the value" (an alias of a sequence
    // included); yaml.go yamlToJSONTarget: json.Marshal refuses NaN and infinities ("json: unsupported value: +Inf")
    const container = ['  containers:', '    - name: c', '      image: busybox:1.36.1', '      securityContext:'];
    expect(parseManifests(podYaml(...container, '        <<: {}', '        runAsUser: .inf'), 'p.yaml').problems).toEqual([{
      file: 'p.yaml',
      line: 10,
      message: 'malformed YAML/JSON document: spec.containers[0].securityContext.runAsUser is .inf, which JSON cannot hold: '
        + 'Kubernetes refuses the document (json: unsupported value: +Inf); quote it to make it a string',
    }]);
    expect(parseManifests(podYaml('  x: &list [{privileged: true}]', ...container, '        <<: *list'), 'p.yaml').problems).toEqual([{
      file: 'p.yaml',
      line: 10,
      message: 'malformed YAML/JSON document: spec.containers[0].securityContext.<< merges no mapping: a merge key needs a mapping, '
        + 'an alias of one, or a sequence of those (Kubernetes refuses the document: map merge requires map or sequence of maps as the value)',
    }]);
  });

  test('a key that is no string is the JSON key kubectl makes of it, and its fields are located; a null key makes the document a problem at its line', () => {
    // sigs.k8s.io/yaml v1.4.0 yaml.go convertToJSONableObject: an int key with strconv.Itoa (0x1F is 31), a float key
    // with strconv.FormatFloat(k, 'g', -1, 32) (1.0 is 1, 1e7 is 1e+07), and any other type refused ("unsupported map
    // key of type: %!s(<nil>)" for `~`); kubectl v1.32.4 read both documents so (go-yaml-keys.differential.test.ts)
    const pod = (name: string, ...annotations: string[]): string[] => [
      'apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, '  annotations:', ...annotations,
      'spec:', '  containers:', '    - name: c', '      image: busybox:1.36.1', '      securityContext: {privileged: true}',
    ];
    const text = yaml(
      ...pod('p', '    1.0: a', '    0x1F: b', '    1e7: c'), // lines 1-13: the annotations on lines 6-8, privileged on 13
      '---', //                                                   14
      ...pod('q', '    team: x', '    ~: y'), //                  15-26: `~` on line 21
    );
    const parsed = parseManifests(text, 'p.yaml');
    expect(parsed.problems).toEqual([{
      file: 'p.yaml',
      line: 21,
      message: 'malformed YAML/JSON document: metadata.annotations has a null key (`~`), which sigs.k8s.io/yaml makes no JSON key of: '
        + 'Kubernetes refuses the document (unsupported map key of type: <nil>); quote it to make it a string',
    }]);
    expect(parsed.objects.map((o) => o.object.metadata.name)).toEqual(['p']);
    const [p] = parsed.objects;
    expect(p.object.metadata.annotations).toEqual({ '1': 'a', '31': 'b', '1e+07': 'c' });
    expect(['metadata.annotations.1', 'metadata.annotations.31', 'metadata.annotations.1e+07'].map((path) => locateField(p, path).line)).toEqual([6, 7, 8]);
    const report = auditSources({ manifests: [p], dockerfiles: [] });
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => [f.message, f.location?.line])).toEqual([["container 'c' is privileged", 13]]);
  });

  test('merges that merge more than 10,000 mappings and keys in a document are refused as a merge bomb (js-yaml\'s limit, kept)', () => {
    // (Kubernetes has no such limit: this guards the audit's time, as js-yaml's maxTotalMergeKeys did)
    const keys = (n: number): string => `{${Array.from({ length: n }, (_, i) => `k${i}: 0`).join(', ')}}`;
    const containers = (n: number): string[] => ['  containers:', ...Array.from({ length: n }, (_, i) => [
      `    - name: c${i}`, '      image: busybox:1.36.1', '      x-extra: {<<: *defaults}',
    ]).flat()];
    // each merge of the alias is 1 mapping and 4,999 keys: two of them are 10,000
    expect(parseManifests(podYaml(`  x-defaults: &defaults ${keys(4999)}`, ...containers(2)), 'p.yaml').problems).toEqual([]);
    expect(parseManifests(podYaml(`  x-defaults: &defaults ${keys(5000)}`, ...containers(2)), 'p.yaml').problems).toEqual([{
      file: 'p.yaml',
      line: 12,
      message: 'malformed YAML/JSON document: merge keys merge more than 10000 mappings and keys in one document (a merge bomb?)',
    }]);
  });

  test('a float with an unsigned exponent or a trailing dot is a number, as kubectl reads it: `fsGroup: 0e0` is the root group', () => {
    // resolve.go's yamlStyleFloat (above) takes 0e0, 1E4 and 10001.; sigs.k8s.io/yaml writes the float 0 as JSON `0`,
    // which decodes into the int64 fsGroup. A float that is no whole number is rejected by that decoding.
    const text = podYaml(
      '  securityContext:',
      '    runAsUser: 1E4',
      '    runAsGroup: 10001.',
      '    fsGroup: 0e0',
      '    supplementalGroups: [1.5]',
      '  containers:',
      '    - name: app',
      '      image: busybox:1.36.1',
    );
    const [pod] = parseManifests(text, 'p.yaml').objects;
    expect((pod.object.spec as Record<string, any>).securityContext).toEqual({
      runAsUser: 10000, runAsGroup: 10001, fsGroup: 0, supplementalGroups: [1.5],
    });
    const report = auditSources({ manifests: [pod], dockerfiles: [] });
    expect(report.findings.filter((f) => f.ruleId === 'KH-POD-020').map((f) => [f.unknown ?? false, f.message, f.location?.line])).toEqual([
      [false, 'the pod sets fsGroup: 0 (root group)', 8],
      [true, 'spec.securityContext.supplementalGroups[0] is a number, not an integer: Kubernetes rejects the object, and the rule cannot judge it', 9],
    ]);
  });

  test('JSON is read with JSON.parse; invalid JSON falls back to YAML, which gives the line', () => {
    const good = parseManifests('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}', 'j.json');
    expect(good.objects.map((o) => o.location)).toEqual([{ file: 'j.json', line: 1 }]);
    const bad = parseManifests('{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "j"\n', 'bad.json');
    expect(bad.objects).toEqual([]);
    expect(bad.problems).toEqual([{ file: 'bad.json', line: expect.any(Number), message: expect.stringMatching(/^malformed/) }]);
    expect(bad.problems[0].line).toBeGreaterThanOrEqual(4);
  });
});

describe('nesting: a value nests at most 1000 levels (JSON.parse and YAML aliases have no limit of their own)', () => {
  /** A pretty-printed JSON Pod whose `spec.extra` nests `levels` objects, then its privileged container. */
  const deepPod = (levels: number): string => JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'deep' },
    spec: { extra: JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`), containers: [{ name: 'c', image: 'nginx:1', securityContext: { privileged: true } }] },
  }, null, 1);

  test('JSON: up to 1000 levels is read and its fields located past js-yaml\'s 100; deeper is a problem at its line', () => {
    // the root is level 1, spec 2, extra 3: 997 objects in extra put its innermost value at level 1000
    const text = deepPod(997);
    const parsed = parseManifests(text, 'deep.json');
    expect(parsed.problems).toEqual([]);
    const lines = text.split('\n');
    const privileged = lines.findIndex((l) => l.includes('"privileged"'));
    expect(locateField(parsed.objects[0], 'spec.containers[0].securityContext.privileged')).toEqual({
      file: 'deep.json', line: privileged + 1, column: lines[privileged].indexOf('"privileged"') + 1,
    });
    const deeperText = deepPod(998);
    const deeper = parseManifests(deeperText, 'deeper.json');
    expect(deeper.objects).toEqual([]);
    // at the line of the value at level 1001
    const innermost = deeperText.split('\n').findIndex((l) => l.trim() === '"a": 1') + 1;
    expect(deeper.problems).toEqual([{ file: 'deeper.json', line: innermost, message: 'malformed YAML/JSON document: nested deeper than 1000 levels' }]);
  });

  test('YAML: aliases that nest deeper than 1000 levels are a problem; a document whose aliases stay within is read', () => {
    /** `anchors` anchors, each aliased in the next one's sequence: the last nests `anchors + 3` levels (a long comment pays for its walk). */
    const chain = (anchors: number): string => [
      `# ${'x'.repeat(300_000)}`, 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: chain}', 'data:', '  a0: &a0 [x]',
      ...Array.from({ length: anchors - 1 }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i}]`), '',
    ].join('\n');
    const within = parseManifests(chain(997), 'within.yaml');
    expect([within.objects.map((o) => o.location), within.problems]).toEqual([[{ file: 'within.yaml', line: 2 }], []]);
    const deeper = parseManifests(chain(998), 'deeper.yaml');
    expect([deeper.objects.length, deeper.problems]).toEqual([0, [{ file: 'deeper.yaml', line: 2, message: 'unreadable document: its aliases nest deeper than 1000 levels' }]]);
  });
});

describe('line ends: LF, CRLF and a lone CR (classic Mac OS) each end a line, for problems as for findings', () => {
  // js-yaml (as go-yaml: sigs.k8s.io/yaml goyaml.v2/yamlprivateh.go `is_break`) ends a line at a lone CR too, and gives
  // a finding's line so; a problem's line and a document's first line are counted the same way.
  const ENDS = [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const;

  /** The documents, each its lines joined by `end`, joined by `---` lines ended by LF (where kubectl splits). */
  const text = (end: string, ...documents: readonly string[][]): string => `${documents.map((lines) => lines.join(end)).join('\n---\n')}\n`;

  /** What the audit makes of `yamlText`: its problems, its objects' lines and its findings' locations. */
  function outcome(yamlText: string) {
    const parsed = parseManifests(yamlText, 'f.yaml');
    return {
      problems: parsed.problems,
      objects: parsed.objects.map((o) => `${o.object.metadata.name}:${o.location.line}`),
      findings: auditSources({ manifests: parsed.objects, dockerfiles: [] }).findings.map((f) => `${f.ruleId} ${f.location?.line}:${f.location?.column}`),
    };
  }

  const privileged = [
    'apiVersion: v1', 'kind: Pod', 'metadata: { name: p, namespace: shop }', 'spec:', '  containers:', '    - name: app',
    '      image: busybox:1.36.1', '      securityContext:', '        privileged: true',
  ];

  test.each([
    ['leading comments, then a Pod', [['# a Pod', '# that is privileged', ...privileged]]],
    ['a document with lone CRs inside, then a Pod', [['# notes', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: cm }'], privileged]],
    ['a malformed document (bad indentation on its line 5), then a Pod', [['apiVersion: v1', 'kind: ConfigMap', 'metadata:', ' name: a', '  bad: 1'], privileged]],
    ['a duplicate key on line 6, then a Pod', [['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: d }', 'data:', '  k: 1', '  k: 2'], privileged]],
    ['a flow mapping left open at the end', [['# open', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: o']]],
  ])('%s: the same problems, objects and findings at the same lines', (_, documents) => {
    const lf = outcome(text('\n', ...documents));
    expect(lf.objects.length + lf.problems.length).toBeGreaterThan(0);
    for (const [name, end] of ENDS) {
      expect({ [name]: outcome(text(end, ...documents)) }).toEqual({ [name]: lf });
    }
  });
});

describe('a `---` next to a lone CR line end: kubectl does not split documents there', () => {
  // kubectl reads a file in lines ended by LF (k8s.io/apimachinery pkg/util/yaml decoder.go: `LineReader.Read`, with
  // bufio's ReadLine) and splits documents at those that begin with `---` (`YAMLReader.Read`), refusing one with more
  // than spaces or a comment after it ("invalid Yaml document separator"). A `---` after a lone CR is inside such a
  // line: the text it starts goes to go-yaml with the document before it, and go-yaml, which ends lines at a lone CR
  // too (goyaml.v2 yamlprivateh.go `is_break`), reads only the first document of its input (`unmarshal` in
  // sigs.k8s.io/yaml goyaml.v2 yaml.go parses one node): the rest is ignored. The audit reports that `---` and does not
  // read what kubectl would not, up to its next split; the documents before and after are read.
  const pod = (name: string, end: string): string => ['apiVersion: v1', 'kind: Pod', `metadata: { name: ${name}, namespace: shop }`, 'spec: {}'].join(end) + end;
  const loneCr = (line: number) => ({ file: 'f.yaml', line, message: expect.stringMatching(/^'---' next to a lone CR line end .*kubectl splits documents only at '---' lines between LF line ends/) });

  test.each([
    ['two Pods, CR only', `${pod('a', '\r')}---\r${pod('b', '\r')}`, ['a:1'], [loneCr(5)]],
    ['a `...` then a `---`, CR only', `${pod('a', '\r')}...\r---\r${pod('b', '\r')}`, ['a:1'], [loneCr(6)]],
    ['a file that begins with `---`, CR only (kubectl refuses it)', `---\r${pod('a', '\r')}---\r${pod('b', '\r')}`, [], [loneCr(1)]],
    // kubectl's first line does not begin with `---` here: the whole file is one chunk, whose first document go-yaml
    // reads from the `---` after the comment (as the audit does); the second is ignored
    ['comments, then a `---` after a lone CR, CR only', `# pods\r---\r${pod('a', '\r')}---\r${pod('b', '\r')}`, ['a:3'], [loneCr(7)]],
    ['a comment ended by a lone CR, then a `---` line of LF', `# c\r---\n${pod('a', '\n')}---\n${pod('b', '\n')}`, ['a:3', 'b:8'], []],
    ['a lone CR, then a `---` line of LF', `\r---\n${pod('a', '\n')}`, ['a:3'], []],
    ['a `---` line of LF, then one with a lone CR, then one of LF', `${pod('a', '\n')}---\n${pod('b', '\r')}---\r${pod('c', '\r')}\n---\n${pod('d', '\n')}`, ['a:1', 'b:6', 'd:16'], [loneCr(10)]],
    ['a `---` line that a lone CR ends, then content on its LF line (kubectl refuses it)', `${pod('a', '\n')}---\r${pod('b', '\n')}`, ['a:1'], [loneCr(5)]],
    ['nothing after the last `---`, CR only', `${pod('a', '\r')}---\r`, ['a:1'], []],
    ['CRLF: kubectl splits there', `${pod('a', '\r\n')}---\r\n${pod('b', '\r\n')}`, ['a:1', 'b:6'], []],
  ])('%s', (_, text, objects, problems) => {
    const parsed = parseManifests(text, 'f.yaml');
    expect(parsed.objects.map((o) => `${o.object.metadata.name}:${o.location.line}`)).toEqual(objects);
    expect(parsed.problems).toEqual(problems);
  });
});

describe('splitYamlDocuments', () => {
  const pieces = (text: string): string[] => splitYamlDocuments(text).map((d) => text.slice(d.start, d.end));

  test('splits at `---` lines; comments and directives before a marker belong to its document', () => {
    const text = 'a: 1\n...\n# about b\n%YAML 1.2\n--- # b\nb: 2\n---\n---\nc: |\n  ---x\n  text\n';
    expect(pieces(text)).toEqual(['a: 1\n...\n', '# about b\n%YAML 1.2\n--- # b\nb: 2\n', '---\n', '---\nc: |\n  ---x\n  text\n']);
    expect(splitYamlDocuments(text).map((d) => d.line)).toEqual([0, 2, 6, 7]);
    // each piece parses on its own
    const parsed = parseManifests(text.replace('b: 2', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }'), 'x.yaml');
    expect(parsed.objects.map((o) => o.location.line)).toEqual([6]);
  });

  test('countLines counts LF, CRLF (once) and a lone CR, within the range only', () => {
    const text = 'a\rb\r\nc\nd\r';
    expect(countLines(text, 0, text.length)).toBe(4);
    expect(countLines(text, 2, 8)).toBe(2);
    // a CRLF cut by the range: its CR is no line break alone, its LF is one
    expect([countLines(text, 0, 4), countLines(text, 4, text.length)]).toEqual([1, 3]);
  });

  test('a `---` where kubectl does not split (next to a lone CR) starts a document that runs to the next where it does', () => {
    const text = 'a: 1\r---\rb: 2\r---\rc: 3\n---\nd: 4\n';
    expect(splitYamlDocuments(text)).toEqual([
      { start: 0, end: 5, line: 0 }, { start: 5, end: 23, line: 1, loneCrMarker: 5 }, { start: 23, end: text.length, line: 5 },
    ]);
    // a `...` line ends a document at its lone CR as at its LF
    expect(pieces('a: 1\r...\rb: 2\r')).toEqual(['a: 1\r...\r', 'b: 2\r']);
  });

  test('`...` ends a document; `----` and `---x` are content; CRLF line ends work', () => {
    expect(pieces('a: 1\n...\nb: 2\n')).toEqual(['a: 1\n...\n', 'b: 2\n']);
    expect(pieces('a: ----\n---x: 1\n')).toEqual(['a: ----\n---x: 1\n']);
    expect(pieces('a: 1\r\n---\r\nb: 2\r\n')).toEqual(['a: 1\r\n', '---\r\nb: 2\r\n']);
    expect(pieces('')).toEqual(['']);
  });
});
