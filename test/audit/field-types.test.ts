import { audit, Finding, isCounted, MANIFEST_RULES } from '../../lib/audit';
import { closeReading, listField, openReading } from '../../lib/audit/field-types';
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

describe('wrongly typed fields |', () => {
  test.each([pod, deployment].map((o) => [o.kind, o] as const))(
    '%s: a list or object of the wrong type that hides a rule\'s counted findings makes the rule unknown, naming the field',
    (_kind, object) => {
      const before = countedByRule(audit([object]).findings);
      let weakened = 0;
      for (const [path, value] of wrongTypes(object)) {
        const findings = audit([replaced(object, path, value)]).findings;
        const after = countedByRule(findings);
        for (const rule of MANIFEST_RULES) {
          if ((after.get(rule.id) ?? 0) >= (before.get(rule.id) ?? 0)) continue;
          weakened++;
          const unknown = findings.filter((f) => f.ruleId === rule.id && f.unknown === true && f.path === path);
          expect({ path, value, rule: rule.id, unknown: unknown.map((f) => f.message) })
            .toEqual({ path, value, rule: rule.id, unknown: [expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')} is an? \\w+, not an? (list|object): `))] });
        }
      }
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
