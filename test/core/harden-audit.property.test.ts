/**
 * hardenObject against the audit, on arbitrary pod-ish input: weak values, null (which the API server decodes as unset,
 * Go encoding/json), values of the wrong JSON type, and acknowledgements. Either it throws a KubeHardenValidationError
 * whose every problem names a field and a fix, or the audit passes the result on every pod rule the hardener enforces
 * (an acknowledged finding passes). Fields the hardener does not read (container names and images) stay well typed:
 * they pass through untouched, by design.
 */
import * as fc from 'fast-check';
import { audit, findingStatus } from '../../lib/audit';
import {
  Acknowledgements, ControlId, hardenObject, K8sObject, KubeHardenValidationError, SENSITIVITIES,
} from '../../lib/core';
import { applyChanges } from '../helpers/json-patch';

/** The audit rules whose checks the hardener enforces (KH-SBX-001 and KH-WKL-007 with a sensitivity). */
const ENFORCED = [
  ...Array.from({ length: 20 }, (_, i) => `KH-POD-${String(i + 1).padStart(3, '0')}`), 'KH-WKL-001', 'KH-WKL-005', 'KH-IMG-005',
];
const TIER_ENFORCED = ['KH-SBX-001', 'KH-WKL-007'];

/** Controls an author may acknowledge in the generated input. */
const ACKNOWLEDGEABLE: readonly ControlId[] = [
  'KH-POD-004', 'KH-POD-005', 'KH-POD-006', 'KH-POD-008', 'KH-POD-011', 'KH-POD-013', 'KH-POD-015', 'KH-POD-016', 'KH-POD-017',
  'KH-POD-018', 'KH-POD-019', 'KH-POD-020', 'KH-WKL-005', 'KH-SBX-001', 'KH-WKL-007',
];

/** Values of the wrong JSON type, for any field. */
const junk = fc.oneof(
  fc.string({ maxLength: 3 }), fc.integer({ min: -1, max: 2 }), fc.constant(1.5), fc.boolean(), fc.constant([]), fc.constant({}),
  fc.constant(['ALL']), fc.constant([0]),
);

/** One of `values`, each as often as its weight. */
function pick(...values: readonly (readonly [unknown, number])[]): fc.Arbitrary<unknown> {
  return fc.oneof(...values.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
}

/** A field: mostly absent or `good`, sometimes null (unset, as the API server decodes it), rarely of the wrong type. */
function field(good: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 40 }, { arbitrary: good, weight: 40 }, { arbitrary: fc.constant(null), weight: 10 },
    { arbitrary: junk, weight: 1 });
}

const bool = field(fc.boolean());
const id = field(pick([0, 1], [1000, 2]));
const list = (item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => field(fc.array(item, { maxLength: 2 }));
const record = (fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> => field(fc.record(fields, { requiredKeys: [] }));
const profileType = record({ type: field(pick(['RuntimeDefault', 2], ['Localhost', 1], ['Unconfined', 1])) });
const seLinux = record({ type: field(pick(['', 1], ['container_t', 4], ['spc_t', 1])), user: field(pick(['', 4], ['u', 1])), role: field(pick(['', 4], ['r', 1])) });
const windows = record({ hostProcess: bool });
const host = field(pick(['', 8], ['example.com', 1]));
const handler = record({ httpGet: record({ host, port: fc.constant(8080) }), tcpSocket: record({ host, port: fc.constant(8080) }) });
const quantities = record({ cpu: field(pick(['100m', 1], [1, 1])), memory: field(fc.constant('128Mi')) });

const container = fc.record({
  name: fc.constantFrom('a', 'b'),
  image: fc.constant(`registry.example.com/shop/web:1.0@sha256:${'a'.repeat(64)}`),
  imagePullPolicy: field(fc.constantFrom('Always', 'IfNotPresent')),
  securityContext: record({
    allowPrivilegeEscalation: bool,
    privileged: bool,
    runAsNonRoot: bool,
    readOnlyRootFilesystem: bool,
    runAsUser: id,
    runAsGroup: id,
    procMount: field(fc.constantFrom('Default', 'Unmasked')),
    seccompProfile: profileType,
    appArmorProfile: profileType,
    seLinuxOptions: seLinux,
    windowsOptions: windows,
    capabilities: record({ drop: list(field(fc.constantFrom('ALL', 'NET_RAW'))), add: list(field(pick(['NET_BIND_SERVICE', 8], ['CHOWN', 1], ['SYS_ADMIN', 1]))) }),
  }),
  ports: list(record({ containerPort: fc.constant(8080), hostPort: field(pick([0, 4], [8080, 1])) })),
  livenessProbe: handler,
  lifecycle: record({ postStart: handler, preStop: handler }),
  resources: record({ requests: quantities, limits: quantities }),
  volumeMounts: list(record({ name: fc.constant('m'), mountPath: field(fc.constantFrom('/tmp', '/data')) })),
}, { requiredKeys: ['name', 'image'] });

/** A volume source that is mostly absent or null. */
const rare = (source: unknown): fc.Arbitrary<unknown> => pick([undefined, 12], [null, 4], [source, 1]);

const volume = fc.record({
  name: fc.constantFrom('v', 'writable-0'),
  emptyDir: field(fc.constant({})),
  hostPath: rare({ path: '/' }),
  nfs: rare({ server: 'nfs', path: '/' }),
  configMap: field(fc.constant({ name: 'c' })),
  projected: record({ sources: list(record({ serviceAccountToken: rare({ path: 'token' }), configMap: field(fc.constant({ name: 'c' })) })) }),
}, { requiredKeys: ['name'] });

const podSpec = fc.record({
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  hostUsers: bool,
  automountServiceAccountToken: bool,
  os: record({ name: field(fc.constantFrom('linux', 'windows')) }),
  runtimeClassName: field(pick(['', 1], ['runc', 1], ['gvisor', 1], ['kata', 2], ['other', 2])),
  priorityClassName: field(pick(['', 1], ['kube-harden-low', 1], ['kube-harden-critical', 2], ['other', 2])),
  securityContext: record({
    runAsNonRoot: bool,
    runAsUser: id,
    runAsGroup: id,
    fsGroup: id,
    supplementalGroups: list(field(pick([0, 1], [1000, 4]))),
    seccompProfile: profileType,
    appArmorProfile: profileType,
    seLinuxOptions: seLinux,
    windowsOptions: windows,
    sysctls: list(record({ name: field(pick(['kernel.shm_rmid_forced', 6], ['kernel.msgmax', 1])), value: fc.constant('1') })),
  }),
  volumes: list(volume),
  initContainers: list(container),
  containers: fc.array(container, { minLength: 1, maxLength: 2 }),
  ephemeralContainers: list(container),
}, { requiredKeys: ['containers'] });

const annotations = record({ 'container.apparmor.security.beta.kubernetes.io/a': field(fc.constantFrom('unconfined', 'runtime/default', 'localhost/p', '')) });

/** A Deployment as read from a manifest (JSON: an undefined field is absent). */
const deployment = fc.record({ spec: podSpec, annotations }).map(({ spec, annotations: podAnnotations }): K8sObject => JSON.parse(JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' }, annotations: podAnnotations }, spec },
  },
})));

describe('hardenObject against the audit', () => {
  test('property: arbitrary pod-ish input is refused with named problems, or hardened to pass every pod rule the hardener enforces', () => {
    const acknowledged = fc.subarray([...ACKNOWLEDGEABLE], { maxLength: 4 });
    const sensitivity = fc.option(fc.constantFrom(...SENSITIVITIES), { nil: undefined });
    fc.assert(fc.property(deployment, acknowledged, sensitivity, (input, ids, tier) => {
      const acknowledgements: Acknowledgements = Object.fromEntries(ids.map((control) => [control, { reason: 'generated' }]));
      let result;
      try {
        result = hardenObject(input, { acknowledgements, sensitivity: tier });
      } catch (error) {
        expect(KubeHardenValidationError.isValidationError(error)).toBe(true);
        for (const problem of (error as KubeHardenValidationError).problems) {
          expect(problem.field).toMatch(/^spec\.template\.(spec|metadata)[.[]/);
          expect(problem.fix).not.toBe('');
        }
        return;
      }
      const rules = tier === undefined ? ENFORCED : [...ENFORCED, ...TIER_ENFORCED];
      const failed = audit([result.object]).findings.filter((f) => rules.includes(f.ruleId) && findingStatus(f) !== 'acknowledged');
      expect(failed.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
      expect(applyChanges(input, result.changes)).toEqual(result.object);
      expect(hardenObject(result.object, { acknowledgements, sensitivity: tier }).changes).toEqual([]);
    }), { numRuns: 400 });
  });
});
