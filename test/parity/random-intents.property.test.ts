/** Parity over random valid intents (fast-check): core = cdk8s synth = Pulumi inputs, object by object. */
import * as fc from 'fast-check';
import { expectSameObjects, renderThreeWays } from './three-way';
import * as cdk8s from '../../lib/cdk8s';
import * as core from '../../lib/core';
import * as pulumi from '../../lib/pulumi';
import { HNC_MANAGED_LABELS, HNC_MANAGED_PROFILE } from '../helpers/profiles';

const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/).filter((s) => !s.includes('--'));
const portName = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const image = fc.tuple(dnsName, fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/), fc.stringMatching(/^[a-f0-9]{64}$/))
  .map(([repo, tag, digest]) => `registry.example.com/${repo}:${tag}@sha256:${digest}`);
const ports = fc.uniqueArray(fc.record({ name: portName, port: fc.integer({ min: 1024, max: 65535 }) }), {
  minLength: 1, maxLength: 3, selector: (p) => p.name,
}).filter((list) => new Set(list.map((p) => p.port)).size === list.length);
const path = fc.array(dnsName, { minLength: 1, maxLength: 2 }).map((parts) => `/${parts.join('/')}`);
const labels = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), dnsName, { maxKeys: 2 });

/** A peer workload in another namespace. */
const peer = fc.tuple(dnsName, dnsName, fc.integer({ min: 1024, max: 65535 })).map(([name, namespace, port]) => core.workloadRef({
  name,
  namespace: `peer-${namespace}`.slice(0, 63),
  serviceAccountName: name,
  ports: [{ name: 'http', port, protocol: 'TCP' }],
  selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name },
}));

/** Random valid SecureDeployment intents: tiers, ports, env, mounts, probes, peers and FQDN egress. */
const workload: fc.Arbitrary<core.SecureDeploymentProps> = fc.record({
  name: dnsName,
  namespace: dnsName,
  image,
  ports,
  sensitivity: fc.option(fc.constantFrom(...core.SENSITIVITIES), { nil: undefined }),
  component: fc.option(dnsName, { nil: undefined }),
  env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/).filter((n) => !/(PASS|SECRET|TOKEN|KEY|CRED)/.test(n)), fc.string({ maxLength: 12 }), { maxKeys: 2 }),
  writablePaths: fc.uniqueArray(path.map((p) => `/var${p}`), { maxLength: 2 }),
  httpPath: fc.option(path, { nil: undefined }),
  callers: fc.uniqueArray(peer, { maxLength: 2, selector: (p) => `${p.namespace}/${p.name}` }),
  fqdns: fc.uniqueArray(dnsName.map((d) => `${d}.example.com`), { maxLength: 2 }),
}).map(({ httpPath, callers, fqdns, ...rest }) => ({
  ...rest,
  probes: { httpPath },
  allowFrom: callers.map((p) => ({ peer: p })),
  egress: fqdns.length === 0 ? undefined : [{ fqdns, ports: [443] }],
}));

/** Random valid ZeroTrustNamespace intents. */
const namespace: fc.Arbitrary<core.ZeroTrustNamespaceProps> = fc.record({
  name: dnsName,
  meshMode: fc.constantFrom('sidecar' as const, 'ambient' as const, 'none' as const),
  parent: fc.option(fc.record({ namespace: dnsName.map((n) => `parent-${n}`), mode: fc.constantFrom('configuration' as const, 'anchor' as const) }), { nil: undefined }),
  labels: labels.map((l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [`example.com/${k}`, v]))),
}).map((props) => (props.meshMode === 'none'
  ? { ...props, acknowledgements: { 'KH-MESH-001': { reason: 'mesh arrives next quarter' } } }
  : props));

/** HNC manages the security labels and the random extra labels, so that anchor mode is valid (its webhook takes managed labels only). */
const MANAGED_PROFILE: core.HardeningProfile = {
  ...HNC_MANAGED_PROFILE,
  namespace: { ...HNC_MANAGED_PROFILE.namespace, hncManagedLabels: [...HNC_MANAGED_LABELS, 'example\\.com/.*'] },
};

const context = fc.record({ namespace: fc.option(dnsName, { nil: undefined }), labels: fc.option(labels, { nil: undefined }) });

/** Each run renders three ways (about 0.1-0.3 s): a modest number of runs, with room on a loaded machine. */
const RUNS = 10;
const TIMEOUT_MS = 30_000;

describe('parity over random valid intents |', () => {
  test('SecureDeployment: core = cdk8s = Pulumi', async () => {
    await fc.assert(fc.asyncProperty(workload, context, async (props, ctx) => {
      const renders = await renderThreeWays({
        name: props.name,
        core: (c) => core.renderSecureDeployment(props, c),
        cdk8s: (chart) => new cdk8s.SecureDeployment(chart, 'subject', props),
        pulumi: (c) => new pulumi.SecureDeployment('subject', { ...props, context: c }),
      }, ctx);
      expect(expectSameObjects(renders)).toBeGreaterThanOrEqual(4);
    }), { numRuns: RUNS });
  }, TIMEOUT_MS);

  test('ZeroTrustNamespace: core = cdk8s = Pulumi', async () => {
    await fc.assert(fc.asyncProperty(namespace, context, async (props, ctx) => {
      const renders = await renderThreeWays({
        name: props.name,
        core: (c) => core.renderZeroTrustNamespace(props, c, MANAGED_PROFILE),
        cdk8s: (chart) => new cdk8s.ZeroTrustNamespace(chart, 'subject', { ...props, profile: MANAGED_PROFILE }),
        pulumi: (c) => new pulumi.ZeroTrustNamespace('subject', { ...props, context: c, profile: MANAGED_PROFILE }),
      }, ctx);
      expect(expectSameObjects(renders)).toBeGreaterThanOrEqual(3);
    }), { numRuns: RUNS });
  }, TIMEOUT_MS);
});
