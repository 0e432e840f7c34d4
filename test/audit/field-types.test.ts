import { kyvernoVerifyingPodsOutside } from './helpers';
import { audit, Finding, findingStatus, isCounted, MANIFEST_RULES } from '../../lib/audit';
import { booleanField, closeReading, intOrStringAt, intOrStringField, listField, openReading, readOf } from '../../lib/audit/field-types';
import { auditSources, parseManifests } from '../../lib/audit/input';
import { K8sObject } from '../../lib/core';

/** A container that breaks every rule it can through a list or object field. */
const container = (name: string) => ({
  name,
  image: 'nginx:1.27',
  securityContext: {
    privileged: true,
    capabilities: { add: ['SYS_ADMIN'], drop: ['NET_RAW'] },
    seccompProfile: { type: 'Unconfined' },
    appArmorProfile: { type: 'Unconfined' },
    seLinuxOptions: { type: 'spc_t', user: 'root' },
    windowsOptions: { hostProcess: true },
  },
  ports: [{ containerPort: 80, hostPort: 80 }],
  env: [{ name: 'DB_PASSWORD', value: 'hunter2' }],
  livenessProbe: { httpGet: { host: 'example.com', port: 80 } },
  readinessProbe: { tcpSocket: { host: 'example.com', port: 80 } },
  lifecycle: { postStart: { httpGet: { host: 'example.com', port: 80 } }, preStop: { tcpSocket: { host: 'example.com', port: 80 } } },
});

const podSpec = () => ({
  securityContext: {
    sysctls: [{ name: 'kernel.msgmax', value: '1' }],
    supplementalGroups: [0],
    seccompProfile: { type: 'Unconfined' },
    appArmorProfile: { type: 'Unconfined' },
    seLinuxOptions: { type: 'spc_t' },
    windowsOptions: { hostProcess: true },
  },
  volumes: [{ name: 'host', hostPath: { path: '/' } }, { name: 'nfs', nfs: { server: 'nfs.example.com', path: '/' } }],
  initContainers: [container('init')],
  containers: [container('app')],
  ephemeralContainers: [container('debug')],
});

const annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };

const pod: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', annotations }, spec: podSpec() };
const deployment: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { template: { metadata: { labels: { app: 'api' }, annotations }, spec: podSpec() } },
};

/** Every list and object below `root` with its dotted path (`a.b[0].c`), the root first. */
function* nodes(root: unknown, path: string): Generator<readonly [string, unknown]> {
  if (typeof root !== 'object' || root === null) return;
  yield [path, root];
  const entries = Array.isArray(root) ? root.map((v, i) => [`${path}[${i}]`, v] as const) : Object.entries(root).map(([k, v]) => [`${path}.${k}`, v] as const);
  for (const [p, v] of entries) yield* nodes(v, p);
}

/** `object` with the field at `path` (dotted, from `nodes`) replaced by `value`. */
function replaced(object: K8sObject, path: string, value: unknown): K8sObject {
  const copy = structuredClone(object) as Record<string, unknown>;
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let holder = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  holder[keys[keys.length - 1]] = value;
  return copy as unknown as K8sObject;
}

/** Counted findings per rule. */
function countedByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings.filter(isCounted)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/** The lists and objects of the pod template (and the Pod's annotations), each with a value of the wrong type. */
function wrongTypes(object: K8sObject): [string, unknown][] {
  const holder = object.kind === 'Pod' ? '' : 'spec.template';
  const fields = [
    ...(object.kind === 'Pod' ? [['metadata.annotations', annotations] as const] : [['spec', object.spec] as const]),
    ...nodes(object.kind === 'Pod' ? object.spec : (object.spec as { template: unknown }).template, holder === '' ? 'spec' : holder),
  ];
  return fields.flatMap(([path, value]): [string, unknown][] => [[path, 'x'], [path, Array.isArray(value) ? { name: 'x' } : [value]]]);
}

/**
 * Audits `object` with each of `cases` (a path and a value of the wrong type put there) and expects every rule whose
 * counted findings drop to be unknown at that path, as a field of the wrong type (`expected`: the types the message
 * may name, e.g. `list|object`). Returns how many rules dropped findings, over all cases.
 */
function expectHiddenFindingsUnknown(object: K8sObject, cases: Iterable<readonly [string, unknown]>, expected: string): number {
  const before = countedByRule(audit([object]).findings);
  let weakened = 0;
  for (const [path, value] of cases) {
    const findings = audit([replaced(object, path, value)]).findings;
    const after = countedByRule(findings);
    for (const rule of MANIFEST_RULES) {
      if ((after.get(rule.id) ?? 0) >= (before.get(rule.id) ?? 0)) continue;
      weakened++;
      const unknown = findings.filter((f) => f.ruleId === rule.id && f.unknown === true && f.path === path);
      expect({ path, value, rule: rule.id, unknown: unknown.map((f) => f.message) })
        .toEqual({ path, value, rule: rule.id, unknown: [expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')} is an? \\w+, not an? (${expected}): `))] });
    }
  }
  return weakened;
}

describe('wrongly typed fields |', () => {
  test.each([pod, deployment].map((o) => [o.kind, o] as const))(
    '%s: a list or object of the wrong type that hides a rule\'s counted findings makes the rule unknown, naming the field',
    (_kind, object) => {
      const weakened = expectHiddenFindingsUnknown(object, wrongTypes(object), 'list|object');
      // the manifest breaks enough rules through such fields for the property to say something
      expect(weakened).toBeGreaterThan(100);
    },
  );

  test('a rule is unknown only for the lists it reads: KH-POD-019 and KH-WKL-001 skip ephemeral containers', () => {
    const findings = audit([replaced(pod, 'spec.ephemeralContainers', 'x')]).findings;
    const unknownRules = findings.filter((f) => f.unknown === true && f.path === 'spec.ephemeralContainers').map((f) => f.ruleId);
    expect(unknownRules).toContain('KH-POD-003');
    expect(unknownRules.filter((id) => id === 'KH-POD-019' || id === 'KH-WKL-001')).toEqual([]);
  });

  test('only own fields are read: a list on a polluted Object.prototype adds no container', () => {
    const clean: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'clean' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };
    Object.defineProperty(Object.prototype, 'ephemeralContainers', { value: [{ name: 'evil', securityContext: { privileged: true } }], configurable: true });
    try {
      expect(audit([clean]).findings.filter((f) => f.ruleId === 'KH-POD-003')).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).ephemeralContainers;
    }
  });

  // Found in review (helper-34): a getter that threw while the pod's metadata was read left that reading open, and
  // every wrongly typed field read afterwards, outside any rule, was noted for good.
  test('a getter that throws while a pod is read leaves no reading open', () => {
    const template = { spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    Object.defineProperty(template, 'metadata', { enumerable: true, get() { throw new Error('boom'); } });
    const workload = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { template } } as K8sObject;
    /** How many wrongly typed fields are noted now (the mark a new reading starts at). */
    const noted = () => {
      const mark = openReading();
      closeReading(mark);
      return mark;
    };
    const before = noted();
    expect(audit([workload]).findings.some((f) => f.ruleError === true)).toBe(true);
    // outside any reading: noted only while one is open
    listField({ add: 'SYS_ADMIN' }, 'add', 'spec');
    expect(noted()).toBe(before);
  });
});

/** A container that breaks every rule it can through a boolean or integer field. */
const scalarContainer = (name: string) => ({
  name,
  image: 'nginx:1.27',
  securityContext: {
    privileged: true,
    allowPrivilegeEscalation: true,
    readOnlyRootFilesystem: false,
    runAsNonRoot: false,
    runAsUser: 0,
    runAsGroup: 0,
    windowsOptions: { hostProcess: true },
  },
  ports: [{ containerPort: 80, hostPort: 80 }],
});

const scalarPodSpec = () => ({
  hostNetwork: true,
  hostPID: true,
  hostIPC: true,
  automountServiceAccountToken: true,
  securityContext: {
    runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, fsGroup: 0, supplementalGroups: [10001, 0], windowsOptions: { hostProcess: true },
  },
  initContainers: [scalarContainer('init')],
  containers: [scalarContainer('app')],
  ephemeralContainers: [scalarContainer('debug')],
});

/** Every boolean and number below `root` with its dotted path. */
function* scalars(root: unknown, path: string): Generator<readonly [string, boolean | number]> {
  if (typeof root === 'boolean' || typeof root === 'number') yield [path, root];
  if (typeof root !== 'object' || root === null) return;
  const entries = Array.isArray(root) ? root.map((v, i) => [`${path}[${i}]`, v] as const) : Object.entries(root).map(([k, v]) => [`${path}.${k}`, v] as const);
  for (const [p, v] of entries) yield* scalars(v, p);
}

/** Each boolean and integer of the pod spec of `object`, with values of the wrong JSON type: `"true"` and `1` for `true`, `"0"` and `0.5` for `0`. */
function wrongScalars(object: K8sObject): [string, unknown][] {
  const spec = object.kind === 'Pod' ? object.spec : (object.spec as { template: { spec: unknown } }).template.spec;
  return [...scalars(spec, object.kind === 'Pod' ? 'spec' : 'spec.template.spec')]
    .flatMap(([path, value]): [string, unknown][] => [[path, String(value)], [path, typeof value === 'boolean' ? Number(value) : value + 0.5]]);
}

/** A Pod that passes every rule below that reads a boolean or integer of its pod spec. */
const hardenedPod = (): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    automountServiceAccountToken: false,
    hostNetwork: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      supplementalGroups: [10001],
      seccompProfile: { type: 'RuntimeDefault' },
      windowsOptions: { hostProcess: false },
    },
    containers: [{
      name: 'app',
      image: 'nginx:1.27',
      ports: [{ containerPort: 8080 }],
      securityContext: {
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsUser: 10001,
        capabilities: { drop: ['ALL'] },
        windowsOptions: { hostProcess: false },
      },
    }],
  },
});

/**
 * Each rule that reads a boolean or integer, the field (set in `hardenedPod` to a value of the wrong type), the rules
 * that read it, and how many counted findings each then has: 0 when a missing value passes (the rule is only
 * unknown), 1 when the rule needs the field to pass, or the field set at all fails (`hostPort`), and it fails closed
 * beside its unknown.
 */
const WRONG_SCALARS: readonly (readonly [string, unknown, 'boolean' | 'integer', Readonly<Record<string, number>>])[] = [
  ['spec.securityContext.windowsOptions.hostProcess', 'true', 'boolean', { 'KH-POD-001': 0 }],
  ['spec.containers[0].securityContext.windowsOptions.hostProcess', 1, 'boolean', { 'KH-POD-001': 0 }],
  ['spec.hostNetwork', 'true', 'boolean', { 'KH-POD-002': 0 }],
  ['spec.hostPID', 'true', 'boolean', { 'KH-POD-002': 0 }],
  ['spec.hostIPC', 1, 'boolean', { 'KH-POD-002': 0 }],
  ['spec.containers[0].securityContext.privileged', 'true', 'boolean', { 'KH-POD-003': 0 }],
  // (a host port stays a failure, as it was before the type check: a string port fails closed)
  ['spec.containers[0].ports[0].hostPort', '8080', 'integer', { 'KH-POD-006': 1 }],
  ['spec.containers[0].securityContext.allowPrivilegeEscalation', 'false', 'boolean', { 'KH-POD-014': 1 }],
  ['spec.securityContext.runAsNonRoot', 'yes', 'boolean', { 'KH-POD-015': 1 }],
  ['spec.containers[0].securityContext.runAsNonRoot', 'true', 'boolean', { 'KH-POD-015': 1 }],
  ['spec.hostUsers', 'false', 'boolean', { 'KH-POD-015': 0, 'KH-POD-016': 0 }],
  ['spec.securityContext.runAsUser', '0', 'integer', { 'KH-POD-016': 0 }],
  ['spec.containers[0].securityContext.runAsUser', 1.5, 'integer', { 'KH-POD-016': 0 }],
  ['spec.containers[0].securityContext.readOnlyRootFilesystem', 1, 'boolean', { 'KH-POD-019': 1 }],
  ['spec.securityContext.fsGroup', '0', 'integer', { 'KH-POD-020': 0 }],
  ['spec.securityContext.runAsGroup', '0', 'integer', { 'KH-POD-020': 1 }],
  ['spec.securityContext.supplementalGroups[0]', '0', 'integer', { 'KH-POD-020': 0 }],
  ['spec.automountServiceAccountToken', 'false', 'boolean', { 'KH-WKL-005': 1 }],
];

describe('wrongly typed booleans and integers |', () => {
  test('correctly typed, the hardened Pod passes every rule of the table, and no finding is unknown', () => {
    const findings = audit([hardenedPod()]).findings;
    const rules = new Set(WRONG_SCALARS.flatMap(([, , , counted]) => Object.keys(counted)));
    expect(findings.filter((f) => rules.has(f.ruleId) || f.unknown === true)).toEqual([]);
  });

  test.each(WRONG_SCALARS.map(([path, value, expected, counted]) => [path, JSON.stringify(value), value, expected, counted] as const))(
    '%s: %s makes exactly the rules that read it unknown, naming the field and its type',
    (path, _shown, value, expected, counted) => {
      const findings = audit([replaced(hardenedPod(), path, value)]).findings;
      const actual = typeof value === 'number' ? 'number' : 'string';
      const unknown = findings.filter((f) => f.unknown === true);
      // one unknown per rule that reads the field (the pod's runAsNonRoot is read for each container, noted once)
      expect(unknown.map((f) => [f.ruleId, f.path]).sort()).toEqual(Object.keys(counted).sort().map((id) => [id, path]));
      for (const f of unknown) {
        expect(f.message).toBe(`${path} is a ${actual}, not a${expected === 'integer' ? 'n' : ''} ${expected}: Kubernetes rejects the object, and the rule cannot judge it`);
      }
      const countedOf = (id: string) => findings.filter((f) => f.ruleId === id && isCounted(f)).length;
      expect(Object.fromEntries(Object.keys(counted).map((id) => [id, countedOf(id)]))).toEqual(counted);
    },
  );

  test.each([pod, deployment].map((o) => [o.kind, { ...o, spec: o.kind === 'Pod' ? scalarPodSpec() : { template: { spec: scalarPodSpec() } } }] as const))(
    '%s: a boolean or integer of the wrong type that hides a rule\'s counted findings makes the rule unknown, naming the field',
    (_kind, object) => {
      const weakened = expectHiddenFindingsUnknown(object, wrongScalars(object), 'boolean|integer');
      // the manifest breaks enough rules through such fields for the property to say something
      expect(weakened).toBeGreaterThan(30);
    },
  );

  // (a null item read as absent hid the root group: Kubernetes decodes it as 0, Go's zero value of the item)
  test('a null item of supplementalGroups is group 0, as Kubernetes decodes it: KH-POD-020 fails it, and nothing is unknown', () => {
    const findings = audit([replaced(hardenedPod(), 'spec.securityContext.supplementalGroups', [10001, null])]).findings
      .filter((f) => f.ruleId === 'KH-POD-020');
    expect(findings.map((f) => ({ message: f.message, path: f.path, counted: isCounted(f) }))).toEqual([
      { message: 'the pod adds the root group to supplementalGroups', path: 'spec.securityContext.supplementalGroups', counted: true },
    ]);
  });

  test('read from YAML: a quoted "true" is unknown at its line, an unquoted yes (go-yaml v2) is true', () => {
    const text = (privileged: string) => [
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: web}', 'spec:', '  containers:', '  - name: app', '    image: nginx:1.27',
      '    securityContext:', `      privileged: ${privileged}`, '',
    ].join('\n');
    const quoted = auditSources({ manifests: parseManifests(text('"true"'), 'pod.yaml').objects, dockerfiles: [] });
    expect(quoted.findings.filter((f) => f.ruleId === 'KH-POD-003')).toEqual([expect.objectContaining({
      unknown: true,
      path: 'spec.containers[0].securityContext.privileged',
      message: expect.stringMatching(/^spec\.containers\[0\]\.securityContext\.privileged is a string, not a boolean: /),
      location: expect.objectContaining({ file: 'pod.yaml', line: 9 }),
    })]);
    const plain = auditSources({ manifests: parseManifests(text('yes'), 'pod.yaml').objects, dockerfiles: [] });
    expect(plain.findings.filter((f) => f.ruleId === 'KH-POD-003')).toEqual([expect.objectContaining({ message: "container 'app' is privileged" })]);
    expect(plain.findings.filter((f) => f.ruleId === 'KH-POD-003')[0].unknown).toBeUndefined();
  });
});

describe('other kinds with a pod template |', () => {
  // Argo Rollouts keep a Deployment's pod template at spec.template: a container list written as a mapping is
  // rejected there as in a Deployment, and the privileged container it holds must not pass unseen.
  test('containers of the wrong type in a custom kind\'s pod template are unknown, as in a Deployment', () => {
    const containers = { name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } };
    const rollout = { ...deployment, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { template: { spec: { containers } } } } as K8sObject;
    const findings = audit([rollout]).findings.filter((f) => f.ruleId === 'KH-POD-003');
    expect(findings).toEqual([expect.objectContaining({
      unknown: true,
      path: 'spec.template.spec.containers',
      message: expect.stringMatching(/^spec\.template\.spec\.containers is an object, not a list: /),
    })]);
    // a template without containers (or with null) marks no pod template
    const widget = (value: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { template: { spec: { containers: value } } } }) as K8sObject;
    expect(audit([widget(null), widget(undefined)]).checks).toBe(0);
  });
});

/** A Pod that passes every rule below that reads a string of its pod spec (correctly typed). */
const hardenedStringPod = (): K8sObject => {
  const object = hardenedPod();
  const spec = object.spec as Record<string, any>;
  spec.os = { name: 'linux' };
  Object.assign(spec.securityContext, {
    appArmorProfile: { type: 'RuntimeDefault' },
    seLinuxOptions: { type: 'container_t' },
    sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }],
  });
  const app = spec.containers[0];
  Object.assign(app.securityContext, {
    procMount: 'Default',
    appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-default' },
    seLinuxOptions: { type: 'container_t', user: '', role: '' },
    capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
  });
  app.env = [{ name: 'DB_PASSWORD', value: '' }, { name: 'LOG_LEVEL', value: 'debug' }];
  app.livenessProbe = { httpGet: { host: '', path: '/healthz', port: 8080 } };
  app.lifecycle = { preStop: { tcpSocket: { host: '', port: 8080 } } };
  spec.containers.push({ ...structuredClone(app), name: 'sidecar', securityContext: { ...structuredClone(app.securityContext), seccompProfile: { type: 'RuntimeDefault' } } });
  return object;
};

/**
 * Each string field a rule decides on (set in `hardenedStringPod` to a value of the wrong type), and how many counted
 * findings each rule that reads it then has: 0 when the value read as unset passes (the rule is only unknown), 1 when
 * the rule needs the field set correctly to pass, or fails any value that is set (a probe's `host`, a secret-like
 * variable's `value`), and it fails closed beside its unknown.
 */
const WRONG_STRINGS: readonly (readonly [string, unknown, Readonly<Record<string, number>>])[] = [
  // (containers[0] has no seccomp profile: KH-POD-017 reads the pod's for it)
  ['spec.securityContext.seccompProfile.type', 1, { 'KH-POD-011': 0, 'KH-POD-017': 1 }],
  ['spec.containers[1].securityContext.seccompProfile.type', true, { 'KH-POD-011': 0, 'KH-POD-017': 1 }],
  ['spec.securityContext.appArmorProfile.type', true, { 'KH-POD-008': 1 }],
  ['spec.containers[0].securityContext.appArmorProfile.type', 1, { 'KH-POD-008': 1 }],
  ['spec.securityContext.seLinuxOptions.type', 1, { 'KH-POD-009': 1 }],
  ['spec.containers[0].securityContext.seLinuxOptions.user', 0, { 'KH-POD-009': 1 }],
  ['spec.containers[0].securityContext.seLinuxOptions.role', false, { 'KH-POD-009': 1 }],
  ['spec.containers[0].securityContext.procMount', 1, { 'KH-POD-010': 1 }],
  ['spec.securityContext.sysctls[0].name', 1, { 'KH-POD-012': 1 }],
  ['spec.containers[0].securityContext.capabilities.add[0]', 1, { 'KH-POD-004': 1, 'KH-POD-018': 1 }],
  ['spec.containers[0].securityContext.capabilities.drop[0]', true, { 'KH-POD-018': 1 }],
  ['spec.containers[0].livenessProbe.httpGet.host', 1, { 'KH-POD-007': 1 }],
  ['spec.containers[0].lifecycle.preStop.tcpSocket.host', true, { 'KH-POD-007': 1 }],
  ['spec.containers[0].env[0].value', 12345, { 'KH-SEC-001': 1 }],
  ['spec.containers[0].env[1].name', 1, { 'KH-SEC-001': 0 }],
  ['spec.os.name', 1, { 'KH-POD-014': 0, 'KH-POD-017': 0, 'KH-POD-018': 0 }],
];

describe('wrongly typed strings |', () => {
  test('correctly typed, the hardened Pod passes every rule of the table, and no finding is unknown', () => {
    const findings = audit([hardenedStringPod()]).findings;
    const rules = new Set(WRONG_STRINGS.flatMap(([, , counted]) => Object.keys(counted)));
    expect(findings.filter((f) => rules.has(f.ruleId) || f.unknown === true)).toEqual([]);
  });

  test.each(WRONG_STRINGS.map(([path, value, counted]) => [path, JSON.stringify(value), value, counted] as const))(
    '%s: %s makes exactly the rules that read it unknown, naming the field and its type',
    (path, _shown, value, counted) => {
      const findings = audit([replaced(hardenedStringPod(), path, value)]).findings;
      const unknown = findings.filter((f) => f.unknown === true);
      expect(unknown.map((f) => [f.ruleId, f.path]).sort()).toEqual(Object.keys(counted).sort().map((id) => [id, path]));
      for (const f of unknown) {
        expect(f.message).toBe(`${path} is a ${typeof value}, not a string: Kubernetes rejects the object, and the rule cannot judge it`);
      }
      const countedOf = (id: string) => findings.filter((f) => f.ruleId === id && isCounted(f)).length;
      expect(Object.fromEntries(Object.keys(counted).map((id) => [id, countedOf(id)]))).toEqual(counted);
    },
  );

  test.each([pod, deployment].map((o) => [o.kind, o] as const))(
    '%s: a string of the wrong type that hides a rule\'s counted findings makes the rule unknown, naming the field',
    (_kind, object) => {
      const spec = object.kind === 'Pod' ? object.spec : (object.spec as { template: { spec: unknown } }).template.spec;
      const strings = [...nodes(spec, object.kind === 'Pod' ? 'spec' : 'spec.template.spec')].flatMap(([path, node]) =>
        Object.entries(node as object).filter(([, v]) => typeof v === 'string').map(([k]) => (Array.isArray(node) ? `${path}[${k}]` : `${path}.${k}`)));
      const weakened = expectHiddenFindingsUnknown(object, strings.map((path) => [path, 1] as const), 'string');
      expect(weakened).toBeGreaterThan(10);
    },
  );

  test('read from YAML: a seccomp type written as a number is unknown at its line', () => {
    const text = [
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: web}', 'spec:', '  containers:', '  - name: app', '    image: nginx:1.27',
      '    securityContext:', '      seccompProfile:', '        type: 1', '',
    ].join('\n');
    const result = auditSources({ manifests: parseManifests(text, 'pod.yaml').objects, dockerfiles: [] });
    expect(result.findings.filter((f) => f.ruleId === 'KH-POD-011')).toEqual([expect.objectContaining({
      unknown: true,
      path: 'spec.containers[0].securityContext.seccompProfile.type',
      message: expect.stringMatching(/^spec\.containers\[0\]\.securityContext\.seccompProfile\.type is a number, not a string: /),
      location: expect.objectContaining({ file: 'pod.yaml', line: 10 }),
    })]);
  });
});

describe('wrongly typed strings outside the pod rules |', () => {
  /** A Pod that passes the rules below, with the Namespace (no mesh), ServiceAccounts and RuntimeClass they look up. */
  const objects = (): K8sObject[] => [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        serviceAccountName: 'web',
        priorityClassName: 'high',
        runtimeClassName: 'gvisor',
        containers: [{ name: 'app', image: 'nginx:latest', imagePullPolicy: 'Always' }],
      },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' }, automountServiceAccountToken: false },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' }, automountServiceAccountToken: false },
    { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' } as K8sObject,
  ];
  const ROWS: readonly (readonly [string, unknown, Readonly<Record<string, number>>])[] = [
    // (read as unset: the default ServiceAccount, which disables the token, and the default account KH-WKL-006 fails)
    ['spec.serviceAccountName', 1, { 'KH-WKL-005': 0, 'KH-WKL-006': 1 }],
    ['spec.priorityClassName', 1, { 'KH-WKL-007': 1 }],
    ['spec.runtimeClassName', true, { 'KH-SBX-002': 0, 'KH-SBX-003': 0 }],
    // (read as unset: the default of a latest image is Always)
    ['spec.containers[0].imagePullPolicy', 1, { 'KH-IMG-005': 0 }],
  ];
  const rules = new Set(ROWS.flatMap(([, , counted]) => Object.keys(counted)));

  test('correctly typed, the Pod passes every rule of the table', () => {
    expect(audit(objects()).findings.filter((f) => rules.has(f.ruleId))).toEqual([]);
  });

  test.each(ROWS.map(([path, value, counted]) => [path, JSON.stringify(value), value, counted] as const))(
    '%s: %s makes exactly the rules that read it unknown, naming the field and its type',
    (path, _shown, value, counted) => {
      const [subject, ...rest] = objects();
      const findings = audit([replaced(subject, path, value), ...rest]).findings;
      const unknown = findings.filter((f) => f.unknown === true && f.path === path);
      expect(unknown.map((f) => f.ruleId).sort()).toEqual(Object.keys(counted).sort());
      for (const f of unknown) {
        expect(f.message).toBe(`${path} is a ${typeof value}, not a string: Kubernetes rejects the object, and the rule cannot judge it`);
      }
      const countedOf = (id: string) => findings.filter((f) => f.ruleId === id && isCounted(f)).length;
      expect(Object.fromEntries(Object.keys(counted).map((id) => [id, countedOf(id)]))).toEqual(counted);
    },
  );
});

describe('the failures beside an unknown show the value as it is |', () => {
  // (a value of the wrong type was shown with String(): `[object Object]`, `''` for a list, and `(defaulted)` for a
  // policy the manifest does set)
  test.each([
    ['spec.securityContext.runAsGroup', { a: 1 }, 'KH-POD-020', 'sets runAsGroup: {"a":1}, not a group ID'],
    ['spec.containers[0].securityContext.procMount', [], 'KH-POD-010', 'sets procMount []'],
    ['spec.containers[0].securityContext.runAsNonRoot', { a: 1 }, 'KH-POD-015', 'sets runAsNonRoot: {"a":1}'],
    ['spec.containers[0].securityContext.capabilities.add', [7], 'KH-POD-018', 'adds capability 7'],
    ['spec.containers[0].securityContext.seLinuxOptions', { type: true }, 'KH-POD-009', 'sets SELinux type true'],
    ['spec.containers[0].image', 1, 'KH-IMG-002', 'has an invalid image reference 1'],
    ['spec.containers[0].imagePullPolicy', 1, 'KH-IMG-005', 'has imagePullPolicy 1, read as unset (IfNotPresent)'],
  ])('%s: %j', (path, value, rule, message) => {
    const subject = replaced(replaced(hardenedPod(), 'spec.containers[0].imagePullPolicy', 'Always'), path, value);
    const counted = audit([subject]).findings.filter((f) => f.ruleId === rule && isCounted(f));
    expect(counted.map((f) => f.message)).toEqual([expect.stringContaining(message)]);
  });

  test('a container\'s seccomp profile without a type, under a pod that sets RuntimeDefault, is not "no seccomp profile"', () => {
    const subject = replaced(hardenedPod(), 'spec.containers[0].securityContext.seccompProfile', { type: null });
    const messages = audit([subject]).findings.filter((f) => f.ruleId === 'KH-POD-017').map((f) => f.message);
    expect(messages).toEqual([expect.stringContaining('sets a seccomp profile without a type')]);
  });
});

describe('a field read to decide whether a rule applies |', () => {
  // (KH-WKL-002 skips run-to-completion Pods; a restartPolicy of the wrong type skipped it too, silently)
  test('a Pod whose restartPolicy is of the wrong type is judged by KH-WKL-002, and the field is unknown', () => {
    const unprobed = (restartPolicy: unknown) => audit([replaced(hardenedPod(), 'spec.restartPolicy', restartPolicy)]).findings
      .filter((f) => f.ruleId === 'KH-WKL-002').map((f) => ({ unknown: f.unknown === true, path: f.path }));
    expect(unprobed(1)).toEqual(expect.arrayContaining([{ unknown: true, path: 'spec.restartPolicy' }, { unknown: false, path: 'spec.containers[0].livenessProbe' }]));
    expect(unprobed('Never')).toEqual([]);
    expect(unprobed('Always')).toEqual([{ unknown: false, path: 'spec.containers[0].livenessProbe' }]);
  });
});

describe('wrongly typed labels and annotations |', () => {
  /** `object` with `value` as the label or annotation at `path` (`<holder>.labels.<key>`: the key may hold dots). */
  const withValue = (object: K8sObject, path: string, value: unknown): K8sObject => {
    const [, holder, map, key] = /^(.*?metadata)\.(labels|annotations)\.(.+)$/.exec(path)!;
    const keys = holder.split('.');
    let metadata = object as Record<string, any>;
    for (const k of keys) metadata = metadata[k];
    return replaced(object, `${holder}.${map}`, { ...metadata[map], [key]: value });
  };
  /** A Deployment of two replicas with a pod template (labels app: api). */
  const workload = (): K8sObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { replicas: 2, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  });
  /** The Deployment with a deny-all NetworkPolicy and a PodDisruptionBudget (KH-NET-001 and KH-WKL-004 pass). */
  const protectedWorkload = (): K8sObject[] => [
    workload(),
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', namespace: 'shop' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } } },
  ];
  /** A Namespace with `labels`, and an enforcing image policy that verifies its Pods' images (KH-SUP-001 passes). */
  const verifiedNamespace = (labels: Record<string, string>, policy: K8sObject): K8sObject[] => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } },
    policy,
  ];
  const sigstorePolicy: K8sObject = {
    apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'images' }, spec: { images: [{ glob: '**' }], authorities: [{ keyless: {} }] },
  };
  /** A Kyverno policy that verifies the Pods of every namespace not labelled kube-harden.io/image-verification: disabled. */
  const kyvernoPolicy = kyvernoVerifyingPodsOutside('kube-harden.io/image-verification', ['disabled']);
  const apparmor = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' };
  /** A Pod, and the Deployment, whose container's legacy AppArmor annotation is runtime/default. */
  const apparmorPod = (): K8sObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', annotations: apparmor }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  });
  const apparmorWorkload = (): K8sObject => replaced(workload(), 'spec.template.metadata.annotations', apparmor);
  /** A Namespace that passes KH-NS-001 and KH-NS-002. */
  const namespace = (): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.29' } },
  });

  /**
   * The label or annotation a rule gives meaning to, set on the first object to a value of the wrong type, and how many
   * counted findings each rule that reads it then has: 0 when the rule is only unknown (no reading of the value would
   * fail it), 1 when it fails closed beside its unknown (it needs the value to pass).
   */
  const ROWS: readonly (readonly [string, unknown, () => K8sObject[], Readonly<Record<string, number>>])[] = [
    // (no value of another type names a tier: the workload declares none, as without the label)
    // (the rules that match selectors against the pod labels read them all: a selector naming the key would meet none)
    ['spec.template.metadata.labels.kube-harden.io/sensitivity', 1, protectedWorkload, { 'KH-SBX-001': 0, 'KH-WKL-003': 0, 'KH-NET-001': 0, 'KH-WKL-004': 0 }],
    ['metadata.labels.kube-harden.io/sensitivity', ['high'], () => [workload()], { 'KH-SBX-001': 0, 'KH-WKL-003': 0 }],
    // (an opt-in of the wrong type opts nothing in: the Sigstore policy does not count)
    ['metadata.labels.policy.sigstore.dev/include', true, () => verifiedNamespace({ 'policy.sigstore.dev/include': 'true' }, sigstorePolicy), { 'KH-SUP-001': 1 }],
    // (it met the NotIn requirement: the Kyverno policy verified the namespace's Pods)
    ['metadata.labels.kube-harden.io/image-verification', false, () => verifiedNamespace({ 'kube-harden.io/image-verification': 'enabled' }, kyvernoPolicy), { 'KH-SUP-001': 1 }],
    // (the profile of a legacy annotation: only 'runtime/default', 'localhost/…' and '' pass)
    ['metadata.annotations.container.apparmor.security.beta.kubernetes.io/app', 1, () => [apparmorPod()], { 'KH-POD-008': 1 }],
    ['spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/app', true, () => [apparmorWorkload()], { 'KH-POD-008': 1 }],
    ['metadata.labels.pod-security.kubernetes.io/enforce', true, () => [namespace()], { 'KH-NS-001': 1 }],
    ['metadata.labels.pod-security.kubernetes.io/enforce-version', 1.29, () => [namespace()], { 'KH-NS-002': 1 }],
    // (a list read as a string, 'v1.29', passed)
    ['metadata.labels.pod-security.kubernetes.io/enforce-version', ['v1.29'], () => [namespace()], { 'KH-NS-002': 1 }],
  ];

  // (unknowns without a path are the rules that need objects the input lacks, e.g. a cluster's image policies)
  test('correctly typed, the objects of each row pass its rules, and no field is unknown', () => {
    for (const [, , objects, counted] of ROWS) {
      expect(audit(objects()).findings.filter((f) => f.ruleId in counted || (f.unknown === true && f.path !== undefined))).toEqual([]);
    }
  });

  test.each(ROWS.map(([path, value, objects, counted]) => [path, JSON.stringify(value), value, objects, counted] as const))(
    '%s: %s makes exactly the rules that read it unknown, naming the field and its type',
    (path, _shown, value, objects, counted) => {
      const [subject, ...rest] = objects();
      const findings = audit([withValue(subject, path, value), ...rest]).findings;
      const unknown = findings.filter((f) => f.unknown === true && f.path !== undefined);
      expect(unknown.map((f) => [f.ruleId, f.path]).sort()).toEqual(Object.keys(counted).sort().map((id) => [id, path]));
      const actual = Array.isArray(value) ? 'list' : typeof value;
      for (const f of unknown) {
        expect(f.message).toBe(`${path} is a ${actual}, not a string: Kubernetes rejects the object, and the rule cannot judge it`);
      }
      const countedOf = (id: string) => findings.filter((f) => f.ruleId === id && isCounted(f)).length;
      expect(Object.fromEntries(Object.keys(counted).map((id) => [id, countedOf(id)]))).toEqual(counted);
    },
  );

  // (it was read as the profile 'null'; Kubernetes decodes null in a map of strings as '', which KH-POD-008 allows)
  test('a legacy AppArmor annotation set to null is absent: no finding', () => {
    const findings = audit([withValue(apparmorPod(), 'metadata.annotations.container.apparmor.security.beta.kubernetes.io/app', null)]).findings;
    expect(findings.filter((f) => f.ruleId === 'KH-POD-008')).toEqual([]);
  });
});

describe('fields of looked-up objects |', () => {
  test('readOf names the object it reads in each wrongly typed field, unless it is the one the reading judges', () => {
    const judgedPod: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' } };
    const account: K8sObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' } };
    const mark = openReading(judgedPod);
    readOf(judgedPod, () => booleanField({ hostNetwork: 'true' }, 'hostNetwork', 'spec'));
    readOf(account, () => booleanField({ automountServiceAccountToken: 'false' }, 'automountServiceAccountToken', ''));
    expect(closeReading(mark).map(({ path, object }) => ({ path, object }))).toEqual([
      { path: 'spec.hostNetwork', object: undefined },
      { path: 'automountServiceAccountToken', object: 'ServiceAccount shop/web' },
    ]);
  });

  test('readOf shows a name of the wrong type as it is: never [object Object], nor a list as its text', () => {
    const named = (name: unknown): K8sObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'shop' } as never });
    const mark = openReading();
    readOf(named({ team: 'a' }), () => booleanField({ automountServiceAccountToken: 'false' }, 'automountServiceAccountToken', ''));
    readOf(named(['web']), () => booleanField({ automountServiceAccountToken: 'false' }, 'automountServiceAccountToken', ''));
    expect(closeReading(mark).map(({ object }) => object)).toEqual(['ServiceAccount shop/{"team":"a"}', 'ServiceAccount shop/["web"]']);
  });
});

describe('int-or-string fields |', () => {
  // An IntOrString (a NetworkPolicy port) decodes a JSON string as a string and anything else as an int32, so a
  // boolean, a number with a fraction, a list or an object fails to decode: kubernetes/kubernetes
  // staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go (`UnmarshalJSON`).
  test.each([[443, 443], ['https', 'https'], [null, undefined], [undefined, undefined]])('%j reads as %j, and nothing is noted', (value, read) => {
    const mark = openReading();
    expect(intOrStringAt(value, 'spec.ingress[0].ports[0]', 'port')).toBe(read);
    expect(closeReading(mark)).toEqual([]);
  });

  test.each([[true, 'boolean'], [80.5, 'number'], [[80], 'list'], [{ port: 80 }, 'object']])('%j is noted as a %s, not an integer or string, and reads as unset', (value, actual) => {
    const mark = openReading();
    expect(intOrStringField({ port: value }, 'port', 'spec.ingress[0].ports[0]')).toBeUndefined();
    expect(closeReading(mark)).toEqual([{ path: 'spec.ingress[0].ports[0].port', expected: 'integer or string', actual }]);
  });
});

describe('KH-WKL-001 resource quantities |', () => {
  /** A Pod whose container requests CPU and memory, with `limits` as given. */
  const limited = (limits: unknown): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: 134217728 }, limits } }] },
  });
  const findings = (limits: unknown) => audit([limited(limits)]).findings.filter((f) => f.ruleId === 'KH-WKL-001')
    .map((f) => ({ message: f.message, path: f.path, unknown: f.unknown === true }));

  test('a quantity is a string or a number (resource.Quantity decodes both)', () => {
    expect(findings({ cpu: '500m', memory: 268435456 })).toEqual([]);
  });

  test('a quantity set to null is unset, as Kubernetes reads it', () => {
    expect(findings({ cpu: null, memory: '256Mi' })).toEqual([
      { message: "container 'app' does not set limits.cpu", path: 'spec.containers[0].resources', unknown: false },
    ]);
  });

  test.each([true, ['500m'], { value: '500m' }])('cpu: %j is unknown, naming the field, and unset: the rule needs it to pass', (cpu) => {
    const type = Array.isArray(cpu) ? 'a list' : typeof cpu === 'object' ? 'an object' : 'a boolean';
    expect(findings({ cpu, memory: '256Mi' })).toEqual([
      { message: "container 'app' does not set limits.cpu", path: 'spec.containers[0].resources', unknown: false },
      {
        message: `spec.containers[0].resources.limits.cpu is ${type}, not a quantity: Kubernetes rejects the object, and the rule cannot judge it`,
        path: 'spec.containers[0].resources.limits.cpu',
        unknown: true,
      },
    ]);
  });
});

describe('KH-WKL-005 a ServiceAccount\'s automountServiceAccountToken |', () => {
  const unset: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec: { serviceAccountName: 'web', containers: [{ name: 'app', image: 'nginx:1.27' }] } };
  const account = (automountServiceAccountToken: unknown): K8sObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' }, automountServiceAccountToken } as K8sObject);
  const findings = (automount: unknown) => audit([unset, account(automount)]).findings.filter((f) => f.ruleId === 'KH-WKL-005')
    .map((f) => ({ message: f.message, unknown: f.unknown === true }));
  const mounted = { message: "the pod does not set automountServiceAccountToken, and ServiceAccount 'web' does not disable it, so the token is mounted", unknown: false };

  test('false disables the token; null does not', () => {
    expect(findings(false)).toEqual([]);
    expect(findings(null)).toEqual([mounted]);
  });

  test('"false" is unknown, naming the ServiceAccount, and does not disable the token', () => {
    expect(findings('false')).toEqual([mounted, {
      message: 'automountServiceAccountToken of ServiceAccount shop/web is a string, not a boolean: Kubernetes rejects that object, and the rule cannot judge this one by it',
      unknown: true,
    }]);
  });
});

describe('KH-WKL-004 a PodDisruptionBudget\'s selector |', () => {
  const workload: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { replicas: 3, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  };
  const budget = (selector: unknown): K8sObject => ({
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', namespace: 'shop' }, spec: { maxUnavailable: 1, selector },
  });
  const findings = (selector: unknown) => audit([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, workload, budget(selector)]).findings
    .filter((f) => f.ruleId === 'KH-WKL-004').map((f) => ({ message: f.message, unknown: f.unknown === true }));

  test('a matchLabels of the wrong type selects no pods (it selected every pod), and the field is unknown, naming the budget', () => {
    expect(findings({ matchLabels: { app: 'api' } })).toEqual([]);
    expect(findings({ matchLabels: 'app=api' })).toEqual([
      { message: 'no PodDisruptionBudget in the audit selects the pods', unknown: false },
      {
        message: 'spec.selector.matchLabels of PodDisruptionBudget shop/api is a string, not an object: Kubernetes rejects that object, and the rule cannot judge this one by it',
        unknown: true,
      },
    ]);
  });
});

describe('KH-WKL-003 replicas |', () => {
  const replicated = (replicas: unknown): K8sObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { replicas, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  });
  const autoscaler = (minReplicas: unknown): K8sObject => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas, maxReplicas: 10 },
  });
  const findings = (objects: K8sObject[]) => audit(objects).findings.filter((f) => f.ruleId === 'KH-WKL-003')
    .map((f) => ({ message: f.message, path: f.path, unknown: f.unknown === true }));
  const oneReplica = { message: 'runs 1 replica; at least 2 survive a node failure', path: 'spec.replicas', unknown: false };

  test('correctly typed, 3 replicas or an autoscaler keeping 3 pass, and null replicas are 1, as Kubernetes defaults them', () => {
    expect(findings([replicated(3)])).toEqual([]);
    expect(findings([replicated(1), autoscaler(3)])).toEqual([]);
    expect(findings([replicated(null)])).toEqual([oneReplica]);
  });

  test.each([['"3"', '3', 'a string'], ['2.5', 2.5, 'a number']])('replicas: %s is unknown, naming the field, and read as unset (1): the rule fails closed', (_shown, replicas, type) => {
    expect(findings([replicated(replicas)])).toEqual([
      oneReplica,
      { message: `spec.replicas is ${type}, not an integer: Kubernetes rejects the object, and the rule cannot judge it`, path: 'spec.replicas', unknown: true },
    ]);
  });

  test.each([['"3"', '3', 'a string'], ['2.5', 2.5, 'a number']])('an autoscaler\'s minReplicas: %s is unknown, naming the autoscaler, and read as unset (1)', (_shown, minReplicas, type) => {
    expect(findings([replicated(3), autoscaler(minReplicas)])).toEqual([
      oneReplica,
      {
        message: `spec.minReplicas of HorizontalPodAutoscaler shop/api is ${type}, not an integer: Kubernetes rejects that object, and the rule cannot judge this one by it`,
        path: undefined,
        unknown: true,
      },
    ]);
  });
});

describe('RBAC rules |', () => {
  const role = (rule: Record<string, unknown>): K8sObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [rule],
  } as K8sObject);
  const binding = (name: unknown): K8sObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'Group', name: 'readers', apiGroup: 'rbac.authorization.k8s.io' }],
  } as K8sObject);
  /** The findings of rule `id` as status, message and path. */
  const judged = (objects: K8sObject[], id: string) => audit(objects).findings.filter((f) => f.ruleId === id)
    .map((f) => [findingStatus(f), f.message, f.path]);

  test('KH-RBAC-001: verbs: "*" as a string is unknown (it passed as no verbs), and ["*"] fails', () => {
    expect(judged([role({ apiGroups: ['apps'], resources: ['deployments'], verbs: '*' })], 'KH-RBAC-001'))
      .toEqual([['unknown', 'rules[0].verbs is a string, not a list: Kubernetes rejects the object, and the rule cannot judge it', 'rules[0].verbs']]);
    expect(judged([role({ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] })], 'KH-RBAC-001'))
      .toEqual([['error', "rules[0] uses '*' in verbs", 'rules[0]']]);
  });

  test('KH-RBAC-003: a null API group is the core group, as Kubernetes decodes it (it read as "null": no exec)', () => {
    expect(judged([role({ apiGroups: [null], resources: ['pods/exec'], verbs: ['create'] })], 'KH-RBAC-003'))
      .toEqual([['warning', 'rules[0] allows exec into pods', 'rules[0]']]);
  });

  test('KH-RBAC-004: the bound ClusterRole\'s verbs of the wrong type are unknown, naming the role (it passed silently)', () => {
    const reads = (verbs: unknown) => judged([binding('reader'), role({ apiGroups: [''], resources: ['secrets'], verbs })], 'KH-RBAC-004');
    expect(reads(['get'])).toEqual([['error', "ClusterRole 'reader' reads Secrets, and this binding grants it in every namespace", 'roleRef.name']]);
    expect(reads('get')).toEqual([[
      'unknown',
      'rules[0].verbs of ClusterRole reader is a string, not a list: Kubernetes rejects that object, and the rule cannot judge this one by it',
      undefined,
    ]]);
  });

  test('KH-RBAC-002: a roleRef name of the wrong type is unknown (it passed silently)', () => {
    expect(judged([binding(['cluster-admin'])], 'KH-RBAC-002'))
      .toEqual([['unknown', 'roleRef.name is a list, not a string: Kubernetes rejects the object, and the rule cannot judge it', 'roleRef.name']]);
  });
});

describe('KH-SEC-002 ConfigMap data |', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
  const configMap = (fields: Record<string, unknown>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tls', namespace: 'shop' }, ...fields } as K8sObject);
  const judged = (fields: Record<string, unknown>) => audit([configMap(fields)]).findings.filter((f) => f.ruleId === 'KH-SEC-002')
    .map((f) => [findingStatus(f), f.message, f.path]);

  test('a key in data fails', () => {
    expect(judged({ data: { 'tls.key': pem } })).toEqual([['error', "data key 'tls.key' holds a private key", 'data.tls.key']]);
  });

  test.each([
    ['data as a list', { data: [pem] }, 'data', 'a list, not an object'],
    ['a value of the wrong type', { data: { 'tls.key': [pem] } }, 'data.tls.key', 'a list, not a string'],
    ['binaryData as a string', { binaryData: Buffer.from(pem).toString('base64') }, 'binaryData', 'a string, not an object'],
  ])('%s is unknown (it passed silently)', (_name, fields, field, type) => {
    expect(judged(fields)).toEqual([['unknown', `${field} is ${type}: Kubernetes rejects the object, and the rule cannot judge it`, field]]);
  });
});

describe('Istio rules |', () => {
  const namespace: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
  const istio = (kind: string, name: string, spec: Record<string, unknown>, ns = 'shop'): K8sObject => ({
    apiVersion: kind === 'EnvoyFilter' ? 'networking.istio.io/v1alpha3' : 'security.istio.io/v1', kind, metadata: { name, namespace: ns }, spec,
  });
  /** The findings of rule `id` as status and message (and path, when the field is the judged object's). */
  const judged = (objects: K8sObject[], id: string) => audit(objects).findings.filter((f) => f.ruleId === id)
    .map((f) => (f.path === undefined ? [findingStatus(f), f.message] : [findingStatus(f), f.message, f.path]));
  const own = (field: string, type: string) => ['unknown', `${field} is ${type}: Kubernetes rejects the object, and the rule cannot judge it`, field];
  const of = (object: string, field: string, type: string) =>
    ['unknown', `${field} of ${object} is ${type}: Kubernetes rejects that object, and the rule cannot judge this one by it`];

  test('KH-MESH-001: a namespace PeerAuthentication with a selector or mode of the wrong type is not STRICT (it passed as namespace-wide STRICT, or gave way to the mesh-wide one)', () => {
    const strict = istio('PeerAuthentication', 'default', { mtls: { mode: 'STRICT' } });
    const meshWide = istio('PeerAuthentication', 'default', { mtls: { mode: 'STRICT' } }, 'istio-system');
    const rejected = ['error', "the namespace's PeerAuthentication sets mTLS mode (none: a field is of the wrong type)"];
    expect(judged([namespace, strict], 'KH-MESH-001')).toEqual([]);
    expect(judged([namespace, { ...strict, spec: { selector: { matchLabels: 'app=api' }, mtls: { mode: 'STRICT' } } }], 'KH-MESH-001'))
      .toEqual([rejected, of('PeerAuthentication shop/default', 'spec.selector.matchLabels', 'a string, not an object')]);
    expect(judged([namespace, meshWide, { ...strict, spec: { mtls: { mode: ['PERMISSIVE'] } } }], 'KH-MESH-001'))
      .toEqual([rejected, of('PeerAuthentication shop/default', 'spec.mtls.mode', 'a list, not a string')]);
  });

  test('KH-MESH-002: a mode or port setting of the wrong type is unknown (it passed silently)', () => {
    expect(judged([istio('PeerAuthentication', 'default', { mtls: { mode: ['PERMISSIVE'] } })], 'KH-MESH-002'))
      .toEqual([own('spec.mtls.mode', 'a list, not a string')]);
    expect(judged([istio('PeerAuthentication', 'default', { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: 'DISABLE' } })], 'KH-MESH-002'))
      .toEqual([own('spec.portLevelMtls.8080', 'a string, not an object')]);
  });

  test('KH-MESH-003: rules of the wrong type are unknown (they passed silently); a rule whose from is of the wrong type is empty, and fails', () => {
    expect(judged([istio('AuthorizationPolicy', 'api', { rules: { from: [] } })], 'KH-MESH-003')).toEqual([own('spec.rules', 'an object, not a list')]);
    expect(judged([istio('AuthorizationPolicy', 'api', { rules: [{ from: 'x' }] })], 'KH-MESH-003'))
      .toEqual([['error', 'rule 0 is empty and allows every request', 'spec.rules[0]'], own('spec.rules[0].from', 'a string, not a list')]);
  });

  const jwtRule = { from: [{ source: { requestPrincipals: ['*'] } }] };

  test('KH-MESH-004: an AuthorizationPolicy with a field of the wrong type does not require a principal (Kubernetes rejects it)', () => {
    const authn = istio('RequestAuthentication', 'jwt', { jwtRules: [{ issuer: 'https://issuer.example.com' }] });
    const unpaired = ['error', 'no AuthorizationPolicy requires a request principal for these workloads: requests without a token are accepted'];
    expect(judged([namespace, authn, istio('AuthorizationPolicy', 'jwt', { rules: [jwtRule] })], 'KH-MESH-004')).toEqual([]);
    expect(judged([namespace, authn, istio('AuthorizationPolicy', 'jwt', { selector: { matchLabels: 'app=api' }, rules: [jwtRule] })], 'KH-MESH-004'))
      .toEqual([unpaired, of('AuthorizationPolicy shop/jwt', 'spec.selector.matchLabels', 'a string, not an object')]);
    expect(judged([namespace, authn, istio('AuthorizationPolicy', 'jwt', { rules: [{ from: [{ source: { requestPrincipals: ['*', 1] } }] }] })], 'KH-MESH-004'))
      .toEqual([unpaired, of('AuthorizationPolicy shop/jwt', 'spec.rules[0].from[0].source.requestPrincipals[1]', 'a number, not a string')]);
  });

  test('KH-MESH-005: another ALLOW policy whose rules are of the wrong type is unknown, naming it (it passed silently)', () => {
    const jwt = istio('AuthorizationPolicy', 'jwt', { rules: [jwtRule] });
    // (the rule also judges the other policy, and reads its rules as its own)
    expect(judged([jwt, istio('AuthorizationPolicy', 'open', { rules: { to: [] } })], 'KH-MESH-005'))
      .toEqual([of('AuthorizationPolicy shop/open', 'spec.rules', 'an object, not a list'), own('spec.rules', 'an object, not a list')]);
  });

  const payment: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', labels: { 'kube-harden.io/payment': 'true' } },
    spec: { template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  };

  test('KH-MESH-007: an AuthorizationPolicy whose targetRefs is of the wrong type applies to no pods (it applied to the namespace)', () => {
    const service: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { app: 'api' } } };
    expect(judged([namespace, payment, service, istio('AuthorizationPolicy', 'jwt', { targetRefs: [{ kind: 'Service', name: 'api' }], rules: [jwtRule] })], 'KH-MESH-007'))
      .toEqual([]);
    expect(judged([namespace, payment, service, istio('AuthorizationPolicy', 'jwt', { targetRefs: { kind: 'Service', name: 'api' }, rules: [jwtRule] })], 'KH-MESH-007'))
      .toEqual([['error', 'no AuthorizationPolicy requires a JWT for this payment workload'], of('AuthorizationPolicy shop/jwt', 'spec.targetRefs', 'an object, not a list')]);
  });

  test('KH-MESH-007: a Service without a selector selects no pods, so a policy targeting it does not cover the workload (it selected every pod)', () => {
    const selectorless: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external', namespace: 'shop' }, spec: { ports: [{ port: 443 }] } };
    expect(judged([namespace, payment, selectorless, istio('AuthorizationPolicy', 'jwt', { targetRefs: [{ kind: 'Service', name: 'external' }], rules: [jwtRule] })], 'KH-MESH-007'))
      .toEqual([['error', 'no AuthorizationPolicy requires a JWT for this payment workload']]);
  });

  const rateLimit = {
    configPatches: [{
      applyTo: 'HTTP_FILTER',
      patch: {
        operation: 'INSERT_BEFORE',
        value: {
          name: 'envoy.filters.http.local_ratelimit',
          typed_config: {
            token_bucket: { max_tokens: 100, tokens_per_fill: 100, fill_interval: '1s' },
            filter_enabled: { default_value: { numerator: 100, denominator: 'HUNDRED' } },
            filter_enforced: { default_value: { numerator: 100, denominator: 'HUNDRED' } },
          },
        },
      },
    }],
  };

  test('KH-MESH-008: an EnvoyFilter whose workloadSelector or patch is of the wrong type limits nothing (it limited every pod, or the namespace)', () => {
    const limited = ['error', 'no EnvoyFilter enforces a local rate limit on this payment workload'];
    expect(judged([namespace, payment, istio('EnvoyFilter', 'rl', { workloadSelector: { labels: { app: 'api' } }, ...rateLimit })], 'KH-MESH-008')).toEqual([]);
    expect(judged([namespace, payment, istio('EnvoyFilter', 'rl', { workloadSelector: { labels: 'app=api' }, ...rateLimit })], 'KH-MESH-008'))
      .toEqual([limited, of('EnvoyFilter shop/rl', 'spec.workloadSelector.labels', 'a string, not an object')]);
    const patches = [...rateLimit.configPatches, { applyTo: 'HTTP_FILTER', patch: 'x' }];
    expect(judged([namespace, payment, istio('EnvoyFilter', 'rl', { configPatches: patches })], 'KH-MESH-008'))
      .toEqual([limited, of('EnvoyFilter shop/rl', 'spec.configPatches[1].patch', 'a string, not an object')]);
  });

  test('KH-MESH-006: configPatches of the wrong type are unknown (they passed silently)', () => {
    expect(judged([istio('EnvoyFilter', 'rl', { configPatches: rateLimit.configPatches[0] })], 'KH-MESH-006'))
      .toEqual([own('spec.configPatches', 'an object, not a list')]);
  });
});

describe('runtime rules |', () => {
  const namespace: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
  const payment: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', labels: { 'kube-harden.io/payment': 'true' } },
    spec: { template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  };
  const execHook = {
    call: 'security_bprm_check',
    selectors: [{ matchArgs: [{ index: 0, operator: 'NotEqual', values: ['/app/api'] }], matchActions: [{ action: 'Sigkill' }] }],
  };
  const tetragon = (kind: string, spec: Record<string, unknown>): K8sObject => ({
    apiVersion: 'cilium.io/v1alpha1', kind, metadata: { name: 'exec', ...(kind === 'TracingPolicyNamespaced' ? { namespace: 'shop' } : {}) }, spec,
  });
  const judged = (objects: K8sObject[], id: string) => audit(objects).findings.filter((f) => f.ruleId === id)
    .map((f) => [findingStatus(f), f.message]);
  const of = (object: string, field: string, type: string) =>
    ['unknown', `${field} of ${object} is ${type}: Kubernetes rejects that object, and the rule cannot judge this one by it`];

  test('KH-RUN-001: an allow-list policy with a selector or hook list of the wrong type does not cover the workload (it enforced)', () => {
    const allowList = (spec: Record<string, unknown>) => tetragon('TracingPolicyNamespaced', { podSelector: { matchLabels: { app: 'api' } }, kprobes: [execHook], ...spec });
    const uncovered = ['error', 'no exec allow-list (Tetragon TracingPolicyNamespaced or RuntimeThreatDetection coverage entry) covers this payment workload'];
    expect(judged([namespace, payment, allowList({})], 'KH-RUN-001')).toEqual([]);
    expect(judged([namespace, payment, allowList({ lsmhooks: { hook: 'bprm_check_security' } })], 'KH-RUN-001'))
      .toEqual([uncovered, of('TracingPolicyNamespaced shop/exec', 'spec.lsmhooks', 'an object, not a list')]);
    expect(judged([namespace, payment, allowList({ podSelector: { matchLabels: 'app=api' } })], 'KH-RUN-001'))
      .toEqual([uncovered, of('TracingPolicyNamespaced shop/exec', 'spec.podSelector.matchLabels', 'a string, not an object')]);
  });

  test('KH-RUN-002: a cluster policy with a hook list or podSelector of the wrong type does not watch the namespace (it did); a null podSelector is none', () => {
    const uncovered = ['error', 'no Tetragon policy or Falco rule watches process execution in this namespace'];
    const detections = (spec: Record<string, unknown>) => tetragon('TracingPolicy', { kprobes: [{ call: 'security_bprm_check' }], ...spec });
    expect(judged([namespace, detections({})], 'KH-RUN-002')).toEqual([]);
    expect(judged([namespace, detections({ podSelector: null })], 'KH-RUN-002')).toEqual([]);
    expect(judged([namespace, detections({ tracepoints: { event: 'sched_process_exec' } })], 'KH-RUN-002'))
      .toEqual([uncovered, of('TracingPolicy exec', 'spec.tracepoints', 'an object, not a list')]);
    expect(judged([namespace, detections({ podSelector: 'all' })], 'KH-RUN-002'))
      .toEqual([uncovered, of('TracingPolicy exec', 'spec.podSelector', 'a string, not an object')]);
  });
});

describe('supply-chain rules |', () => {
  const namespace = (labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });
  const kyverno = (verifyImage: Record<string, unknown>, resources: Record<string, unknown> = { kinds: ['Pod'] }): K8sObject => ({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'signed' },
    spec: { rules: [{ name: 'verify', match: { any: [{ resources }] }, verifyImages: [{ imageReferences: ['registry.example.com/*'], ...verifyImage }] }] },
  } as K8sObject);
  const sigstore = (spec: Record<string, unknown>): K8sObject => ({ apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'signed' }, spec });
  const judged = (objects: K8sObject[], id: string) => audit(objects).findings.filter((f) => f.ruleId === id)
    .map((f) => [findingStatus(f), f.message]);
  const of = (object: string, field: string, type: string) =>
    ['unknown', `${field} of ${object} is ${type}: Kubernetes rejects that object, and the rule cannot judge this one by it`];
  const unverified = ['error', 'no image policy verifies signatures for Pods in this namespace'];

  test('KH-SUP-001: a Kyverno policy whose failureAction or namespaces is of the wrong type verifies nothing (it enforced)', () => {
    expect(judged([namespace(), kyverno({ failureAction: 'Enforce' })], 'KH-SUP-001')).toEqual([]);
    expect(judged([namespace(), kyverno({ failureAction: ['Enforce'] })], 'KH-SUP-001'))
      .toEqual([unverified, of('ClusterPolicy signed', 'spec.rules[0].verifyImages[0].failureAction', 'a list, not a string')]);
    expect(judged([namespace(), kyverno({ failureAction: 'Enforce' }, { kinds: ['Pod'], namespaces: 'payments' })], 'KH-SUP-001'))
      .toEqual([unverified, of('ClusterPolicy signed', 'spec.rules[0].match.any[0].resources.namespaces', 'a string, not a list')]);
  });

  test('KH-SUP-001: a ClusterImagePolicy whose mode is of the wrong type does not enforce (it did)', () => {
    const optedIn = namespace({ 'policy.sigstore.dev/include': 'true' });
    expect(judged([optedIn, sigstore({ images: [{ glob: '**' }] })], 'KH-SUP-001')).toEqual([]);
    expect(judged([optedIn, sigstore({ mode: ['warn'], images: [{ glob: '**' }] })], 'KH-SUP-001')).toEqual([
      ['error', 'the image policy that selects the namespace only audits (or warns): unsigned images are admitted'],
      of('ClusterImagePolicy signed', 'spec.mode', 'a list, not a string'),
    ]);
  });

  test('KH-SUP-002: a ClusterImagePolicy glob of the wrong type verifies no image (it matched as its text)', () => {
    const payment: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', labels: { 'kube-harden.io/payment': 'true' } },
      spec: { template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'registry.example.com/api:1.0' }] } } },
    };
    const optedIn = namespace({ 'policy.sigstore.dev/include': 'true' });
    expect(judged([optedIn, payment, sigstore({ images: [{ glob: 'registry.example.com/**' }] })], 'KH-SUP-002')).toEqual([]);
    expect(judged([optedIn, payment, sigstore({ images: [{ glob: ['registry.example.com/**'] }] })], 'KH-SUP-002')).toEqual([
      ['error', "container 'app' runs 'registry.example.com/api:1.0', which no enforcing image policy that selects namespace 'shop' verifies"],
      of('ClusterImagePolicy signed', 'spec.images[0].glob', 'a list, not a string'),
    ]);
  });
});
