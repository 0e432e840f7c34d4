import * as fc from 'fast-check';
import { PAYMENT_TRAFFIC } from './fixtures';
import { KubeHardenValidationError, RESTRICTED_PROFILE, SENSITIVITIES, SecureDeploymentProps, renderPaymentService, renderSecureDeployment } from '../../lib/core';
import { validateCustomResource } from '../conformance/crd-schema';
import { validateKubernetesObject } from '../conformance/k8s-schema';
import { podTemplatesOf, pssViolations } from '../conformance/pss';

const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/).filter((s) => !s.includes('--'));
const portName = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/);
const image = fc.tuple(dnsName, fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/), digest)
  .map(([repo, tag, d]) => `registry.example.com/${repo}:${tag}@sha256:${d}`);
const ports = fc.uniqueArray(fc.record({ name: portName, port: fc.integer({ min: 1, max: 65535 }) }), {
  minLength: 1, maxLength: 3, selector: (p) => p.name,
}).filter((list) => new Set(list.map((p) => p.port)).size === list.length);
const path = fc.array(dnsName, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);

/** Random valid intents: any tier, ports, env, mounts, probes, overrides that do not weaken anything. */
const validProps: fc.Arbitrary<SecureDeploymentProps> = fc.record({
  name: dnsName,
  image,
  ports,
  sensitivity: fc.option(fc.constantFrom(...SENSITIVITIES), { nil: undefined }),
  extraReplicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/).filter((n) => !/(PASS|SECRET|TOKEN|KEY|CRED)/.test(n)), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  writablePaths: fc.uniqueArray(path.map((p) => `/var${p}`), { maxLength: 2 }),
  configMaps: fc.uniqueArray(fc.record({ configMap: dnsName, mountPath: path.map((p) => `/etc${p}`) }), { maxLength: 2, selector: (m) => m.mountPath }),
  httpPath: fc.option(path, { nil: undefined }),
  runAsUser: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
}).map(({ extraReplicas, httpPath, runAsUser, ...rest }) => ({
  ...rest,
  replicas: extraReplicas === undefined ? undefined : RESTRICTED_PROFILE.tiers[rest.sensitivity ?? 'medium'].replicas + extraReplicas,
  probes: { httpPath },
  securityContext: { runAsUser },
}));

/** Ways to make a valid intent invalid. Each returns the broken props. */
const corruptions: Array<(p: SecureDeploymentProps) => SecureDeploymentProps> = [
  (p) => ({ ...p, name: `${p.name}_X` }),
  (p) => ({ ...p, image: 'nginx:latest' }),
  (p) => ({ ...p, image: 'nginx' }),
  (p) => ({ ...p, image: 42 as never }),
  (p) => ({ ...p, ports: [] }),
  (p) => ({ ...p, ports: 'http' as never }),
  (p) => ({ ...p, ports: [{ name: 'http', port: 0 }] }),
  (p) => ({ ...p, ports: [null as never] }),
  (p) => ({ ...p, replicas: -1 }),
  (p) => ({ ...p, replicas: 1.5 }),
  (p) => ({ ...p, namespace: 'UPPER' }),
  (p) => ({ ...p, sensitivity: 'extreme' as never }),
  (p) => ({ ...p, runtime: 'docker' as never }),
  (p) => ({ ...p, writablePaths: ['relative/path'] }),
  (p) => ({ ...p, volumes: [{ name: 'host', mountPath: '/host', source: { hostPath: { path: '/' } } }] }),
  (p) => ({ ...p, volumes: [{ name: 'v', mountPath: '/v', source: null as never }] }),
  (p) => ({ ...p, env: { BAD: { key: 'k' } } as never }),
  (p) => ({ ...p, env: { DB_PASSWORD: 'hunter2' } }),
  (p) => ({ ...p, securityContext: { runAsNonRoot: false } }),
  (p) => ({ ...p, securityContext: { addCapabilities: ['SYS_ADMIN'] } }),
  (p) => ({ ...p, securityContext: { readOnlyRootFilesystem: false } }),
  (p) => ({ ...p, automountServiceAccountToken: true }),
  (p) => ({ ...p, podDisruptionBudget: false }),
  (p) => ({ ...p, resources: { requests: { cpu: 'many' } } }),
  (p) => ({ ...p, probes: { liveness: { port: 'missing' } } }),
  (p) => ({ ...p, acknowledgements: { 'KH-POD-015': { reason: '' } } }),
  (p) => ({ ...p, acknowledgements: 'yes' as never }),
];

describe('SecureDeployment properties', () => {
  test('random valid intents always render PSS restricted pods with schema-valid objects', () => {
    fc.assert(fc.property(validProps, (props) => {
      const objects = renderSecureDeployment(props, { namespace: 'prop' });
      const templates = podTemplatesOf(objects);
      expect(templates).toHaveLength(1);
      for (const t of templates) {
        expect(pssViolations(t.spec, t.annotations)).toEqual([]);
      }
      for (const obj of objects) {
        expect(validateKubernetesObject(obj) ?? validateCustomResource(obj)).toEqual([]);
      }
    }), { numRuns: 60 });
  });

  test('random valid intents render PaymentService pods that are PSS restricted on Kata', () => {
    fc.assert(fc.property(validProps, (props) => {
      const { sensitivity: _ignored, replicas: _r, ...payment } = props;
      const objects = renderPaymentService({ ...payment, ...PAYMENT_TRAFFIC }, { namespace: 'prop' });
      for (const t of podTemplatesOf(objects)) {
        expect(pssViolations(t.spec, t.annotations)).toEqual([]);
        expect(t.spec.runtimeClassName).toBe('kata');
      }
    }), { numRuns: 40 });
  });

  test('random invalid intents always throw KubeHardenValidationError and emit nothing', () => {
    const invalid = fc.tuple(validProps, fc.uniqueArray(fc.integer({ min: 0, max: corruptions.length - 1 }), { minLength: 1, maxLength: 3 }))
      .map(([props, picks]) => picks.reduce((p, i) => corruptions[i](p), props));
    fc.assert(fc.property(invalid, (props) => {
      let rendered: unknown;
      let thrown: unknown;
      try {
        rendered = renderSecureDeployment(props, { namespace: 'prop' });
      } catch (error) {
        thrown = error;
      }
      expect(rendered).toBeUndefined();
      expect(thrown).toBeInstanceOf(KubeHardenValidationError);
      expect((thrown as KubeHardenValidationError).problems.length).toBeGreaterThan(0);
    }), { numRuns: 100 });
  });
});
