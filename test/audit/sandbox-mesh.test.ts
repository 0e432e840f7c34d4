import { findingsOf } from './helpers';
import { audit, Finding, findingStatus } from '../../lib/audit';
import {
  K8sObject, PaymentServiceProps, renderPaymentService, renderSandboxRuntimes, renderSecureDeployment, renderZeroTrustNamespace,
} from '../../lib/core';
import { CONTEXT, MINIMAL, PAYMENT_TRAFFIC, PINNED_IMAGE } from '../core/fixtures';

/**
 * KH-SBX-003: the Istio mesh cannot capture the traffic of Kata and gVisor pods when the redirect lives in the pod's
 * network namespace on the node (istio-cni for ambient; Istio CNI for sidecars).
 *
 * Upstream facts this file encodes:
 * - gVisor + ambient: istio/istio#58573 "Istio Ambient Mesh incompatible with gvisor" (istio-cni programs the runsc
 *   process's netns; gVisor's netstack never sees the rules; pods marked in-mesh, connections reset).
 * - gVisor + Istio CNI sidecar: google/gvisor runsc/config/flags.go `reproduce-nat` (default false, "Scrape the host
 *   netns NAT table and reproduce it in the sandbox"); runsc/sandbox/network.go `pcapAndNAT` copies the `nat` table once,
 *   when runsc sets up the sandbox's network. gVisor tests that it accepts an Istio NAT ruleset
 *   (pkg/sentry/socket/netfilter/netfilter_x_test.go TestIstioBlob), but no gVisor or Istio test covers Istio CNI with
 *   `--reproduce-nat`: so it is reported, not assumed to work.
 * - Kata: its default tcfilter model moves the pod's traffic to the VM with a tc redirect, so iptables rules in the pod's
 *   netns on the node are not exercised (kata-containers/kata-containers#4080); ambient: kata-containers#11107 (open),
 *   kata-containers#13208 (node proxies intercept in the host-side netns; a new l3forwarding model), istio/istio PR #60876
 *   (open, experimental, ambient only); sidecar with Istio CNI: istio/istio#58913 (a maintainer: "should at least work
 *   without the CNI"; without it istio-init needs NET_ADMIN, which Pod Security baseline refuses).
 * - Which pods Istio meshes: sidecar injector webhooks' selectors (istio/istio
 *   manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml) and the pod's own choice
 *   (pkg/kube/inject/inject.go `injectRequired`: the `sidecar.istio.io/inject` label wins over the annotation; host-network
 *   pods are never injected); ambient: istio-cni's default enablement selectors (manifests/charts/istio-cni/values.yaml
 *   `ambient.enablementSelectors`: pod label `istio.io/dataplane-mode: ambient`, or the namespace's unless the pod's is
 *   `none`) and cni/pkg/util/enablement_selector.go `Matches` (no host-network pods, no pods with a sidecar).
 */

const RULE = 'KH-SBX-003';

/** A Namespace with `labels`. */
function namespace(name: string, labels: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A RuntimeClass `name` with `handler`. */
function runtimeClass(name: string, handler: string): K8sObject {
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler } as K8sObject;
}

/** Options of a test Deployment's pod template. */
interface PodOptions {
  readonly runtimeClassName?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly hostNetwork?: boolean;
  /** Annotations of the Deployment itself. */
  readonly deploymentAnnotations?: Record<string, string>;
}

/** A Deployment `api` in namespace `ns` whose pods are as `options` say. */
function deployment(ns: string | undefined, options: PodOptions): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', ...(ns === undefined ? {} : { namespace: ns }), annotations: options.deploymentAnnotations ?? {} },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api', ...options.labels }, annotations: options.annotations ?? {} },
        spec: {
          ...(options.runtimeClassName === undefined ? {} : { runtimeClassName: options.runtimeClassName }),
          ...(options.hostNetwork === undefined ? {} : { hostNetwork: options.hostNetwork }),
          containers: [{ name: 'api', image: PINNED_IMAGE }],
        },
      },
    },
  } as K8sObject;
}

/** The KH-SBX-003 findings of `objects`, with their status. */
function judged(objects: readonly K8sObject[]): Finding[] {
  return findingsOf(audit(objects), RULE);
}

/** The status of each KH-SBX-003 finding of `objects` (`[]`: none). */
function statuses(objects: readonly K8sObject[]): string[] {
  return judged(objects).map(findingStatus);
}

const KATA = runtimeClass('kata', 'kata-qemu');
const GVISOR = runtimeClass('gvisor', 'runsc');
const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted' };
const BASELINE = { 'pod-security.kubernetes.io/enforce': 'baseline' };

describe('KH-SBX-003 | which sandbox with which data plane', () => {
  // [sandbox class, namespace labels, pod labels, expected status]
  const cases: readonly [string, string, Record<string, string>, Record<string, string>, string][] = [
    ['Kata, ambient (namespace)', 'kata', { 'istio.io/dataplane-mode': 'ambient' }, {}, 'warning'],
    ['Kata, ambient (pod label)', 'kata', {}, { 'istio.io/dataplane-mode': 'ambient' }, 'warning'],
    ['gVisor, ambient (namespace)', 'gvisor', { 'istio.io/dataplane-mode': 'ambient', ...RESTRICTED }, {}, 'warning'],
    ['gVisor, ambient without Pod Security (ambient always uses istio-cni)', 'gvisor', { 'istio.io/dataplane-mode': 'ambient' }, {}, 'warning'],
    ['Kata, sidecar (istio-injection) under restricted: Istio CNI', 'kata', { 'istio-injection': 'enabled', ...RESTRICTED }, {}, 'warning'],
    ['Kata, sidecar (istio.io/rev) under baseline: Istio CNI', 'kata', { 'istio.io/rev': 'stable', ...BASELINE }, {}, 'warning'],
    ['gVisor, sidecar (istio-injection) under restricted: Istio CNI, no --reproduce-nat shown', 'gvisor', { 'istio-injection': 'enabled', ...RESTRICTED }, {}, 'warning'],
    ['gVisor, sidecar by the pod\'s own label in an unlabelled restricted namespace', 'gvisor', RESTRICTED, { 'sidecar.istio.io/inject': 'true' }, 'warning'],
    ['Kata, sidecar by the pod\'s istio.io/rev in an unlabelled baseline namespace', 'kata', BASELINE, { 'istio.io/rev': 'canary' }, 'warning'],
    ['Kata, sidecar without Pod Security: istio-init (works with Kata) or Istio CNI, not in the manifests', 'kata', { 'istio-injection': 'enabled' }, {}, 'unknown'],
    ['gVisor, sidecar under privileged: likewise', 'gvisor', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'privileged' }, {}, 'unknown'],
    ['Kata, no mesh label', 'kata', RESTRICTED, {}, 'none'],
    ['Kata, injection disabled (turns every injector off, the revision\'s too)', 'kata', { 'istio-injection': 'disabled', 'istio.io/rev': 'stable', ...RESTRICTED }, {}, 'none'],
  ];

  test.each(cases)('%s', (_, sandbox, nsLabels, podLabels, expected) => {
    // GIVEN
    const objects = [KATA, GVISOR, namespace('pay', nsLabels), deployment('pay', { runtimeClassName: sandbox, labels: podLabels })];
    // WHEN
    const found = statuses(objects);
    // THEN
    expect(found).toEqual(expected === 'none' ? [] : [expected]);
  });

  test('a runc pod (no runtime class, or a class whose handler is runc) is never reported', () => {
    const ns = namespace('pay', { 'istio.io/dataplane-mode': 'ambient' });
    expect(statuses([ns, deployment('pay', {})])).toEqual([]);
    expect(statuses([ns, runtimeClass('kata', 'runc'), deployment('pay', { runtimeClassName: 'kata' })])).toEqual([]);
  });

  test('a class in the audit whose handler is of no known runtime is not judged (only the nodes know what it runs)', () => {
    const objects = [namespace('pay', { 'istio.io/dataplane-mode': 'ambient' }), runtimeClass('vm', 'firecracker-custom'), deployment('pay', { runtimeClassName: 'vm' })];
    expect(statuses(objects)).toEqual([]);
  });

  test('a class not in the audit is known by the well-known names: kube-harden\'s gvisor and kata, kata-deploy\'s kata-*', () => {
    const ns = namespace('pay', { 'istio.io/dataplane-mode': 'ambient' });
    for (const name of ['gvisor', 'kata', 'kata-qemu', 'kata-clh']) {
      expect({ name, statuses: statuses([ns, deployment('pay', { runtimeClassName: name })]) }).toEqual({ name, statuses: ['warning'] });
    }
  });

  test('the RuntimeClass in the audit wins over the name: a class named gvisor that runs Kata is reported as Kata', () => {
    const objects = [namespace('pay', { 'istio.io/dataplane-mode': 'ambient' }), runtimeClass('gvisor', 'kata-fc'), deployment('pay', { runtimeClassName: 'gvisor' })];
    expect(judged(objects).map((f) => f.message)).toEqual([expect.stringMatching(/^the pod runs Kata Containers \(runtime class 'gvisor', by its handler 'kata-fc'\)/)]);
  });
});

describe('KH-SBX-003 | opt-outs', () => {
  const BOTH = namespace('pay', { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient', ...RESTRICTED });

  test('a pod that opts out of both data planes is not in the mesh', () => {
    const pod = { runtimeClassName: 'kata', labels: { 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none' } };
    expect(statuses([KATA, BOTH, deployment('pay', pod)])).toEqual([]);
  });

  test('the deprecated annotation sidecar.istio.io/inject: "false" opts out of injection too (injectRequired reads it when the label is absent)', () => {
    const pod = { runtimeClassName: 'kata', labels: { 'istio.io/dataplane-mode': 'none' }, annotations: { 'sidecar.istio.io/inject': 'false' } };
    expect(statuses([KATA, BOTH, deployment('pay', pod)])).toEqual([]);
  });

  test('the label wins over the annotation: label "true" with annotation "false" injects', () => {
    const pod = { runtimeClassName: 'kata', labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } };
    const found = judged([KATA, namespace('pay', RESTRICTED), deployment('pay', pod)]);
    expect(found.map((f) => [findingStatus(f), f.message])).toEqual([['warning', expect.stringContaining('with an Istio sidecar (pod label sidecar.istio.io/inject=true)')]]);
  });

  test('a pod that opts out of the sidecar only falls to ambient in a namespace that has both', () => {
    const pod = { runtimeClassName: 'kata', labels: { 'sidecar.istio.io/inject': 'false' } };
    expect(judged([KATA, BOTH, deployment('pay', pod)]).map((f) => f.message)).toEqual([expect.stringContaining('in Istio ambient mode (namespace label istio.io/dataplane-mode=ambient)')]);
  });

  test('a sidecar wins over ambient when the namespace has both (istio-cni leaves out pods with a sidecar)', () => {
    const found = judged([KATA, BOTH, deployment('pay', { runtimeClassName: 'kata' })]);
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('with an Istio sidecar (namespace label istio-injection=enabled)')]);
  });

  test('istio.io/dataplane-mode: none on the pod takes it out of an ambient namespace', () => {
    const ns = namespace('pay', { 'istio.io/dataplane-mode': 'ambient' });
    expect(statuses([KATA, ns, deployment('pay', { runtimeClassName: 'kata', labels: { 'istio.io/dataplane-mode': 'none' } })])).toEqual([]);
  });

  test('a host-network pod is neither injected nor enrolled', () => {
    expect(statuses([KATA, BOTH, deployment('pay', { runtimeClassName: 'kata', hostNetwork: true })])).toEqual([]);
  });
});

describe('KH-SBX-003 | unknowns', () => {
  test('the namespace is not in the audit: unknown, naming it', () => {
    const found = judged([KATA, deployment('pay', { runtimeClassName: 'kata' })]);
    expect(found.map((f) => [findingStatus(f), f.message])).toEqual([[
      'unknown', "whether the Istio mesh can capture the traffic of this pod (runtime class 'kata') cannot be told: Namespace 'pay' is not part of the audit",
    ]]);
  });

  test('the namespace is not in the audit, but the pod\'s own labels decide: judged without it', () => {
    const enrolled = { runtimeClassName: 'kata', labels: { 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'ambient' } };
    const out = { runtimeClassName: 'kata', labels: { 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none' } };
    expect(statuses([KATA, deployment('pay', enrolled)])).toEqual(['warning']);
    expect(statuses([KATA, deployment('pay', out)])).toEqual([]);
  });

  test('a class of no well-known name not in the audit, in a meshed namespace: unknown, naming it; both missing: both named', () => {
    const ns = namespace('pay', { 'istio.io/dataplane-mode': 'ambient' });
    expect(judged([ns, deployment('pay', { runtimeClassName: 'vm' })]).map((f) => [findingStatus(f), f.message])).toEqual([[
      'unknown', "whether the Istio mesh can capture the traffic of this pod (runtime class 'vm') cannot be told: RuntimeClass 'vm' is not part of the audit",
    ]]);
    expect(judged([deployment(undefined, { runtimeClassName: 'vm' })]).map((f) => f.message)).toEqual([
      "whether the Istio mesh can capture the traffic of this pod (runtime class 'vm') cannot be told: RuntimeClass 'vm' and the namespace (the pod names none) are not part of the audit",
    ]);
  });

  test('a class of no well-known name not in the audit, in a namespace without the mesh: nothing to tell', () => {
    expect(statuses([namespace('pay', RESTRICTED), deployment('pay', { runtimeClassName: 'vm' })])).toEqual([]);
  });

  test('a mesh label of the wrong type on the Namespace is noted as the Namespace\'s field', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pay', labels: { 'istio-injection': true, ...RESTRICTED } } } as unknown as K8sObject;
    const found = judged([KATA, ns, deployment('pay', { runtimeClassName: 'kata' })]);
    expect(found.map(findingStatus)).toEqual(['unknown']);
    expect(found[0].message).toMatch(/^metadata\.labels\.istio-injection of Namespace pay is a boolean/);
  });
});

describe('KH-SBX-003 | messages and acknowledgement', () => {
  const AMBIENT_KATA = [KATA, namespace('pay', { 'istio.io/dataplane-mode': 'ambient' }), deployment('pay', { runtimeClassName: 'kata' })];

  test('a counted finding says what fails and the options, at the pod\'s runtimeClassName', () => {
    const [finding] = judged(AMBIENT_KATA);
    expect(finding.path).toBe('spec.template.spec.runtimeClassName');
    expect(finding.severity).toBe('warning');
    for (const part of ['mTLS, AuthorizationPolicy, JWT and rate limits are not enforced', 'connections from mesh callers fail',
      'Run it on runc', 'take it out of the mesh', 'acknowledge KH-SBX-003', 'kata-containers/kata-containers#4080, #11107']) {
      expect(finding.message).toContain(part);
    }
  });

  test('gVisor with an Istio CNI sidecar names --reproduce-nat as off by default and unverified upstream', () => {
    const objects = [GVISOR, namespace('pay', { 'istio-injection': 'enabled', ...RESTRICTED }), deployment('pay', { runtimeClassName: 'gvisor' })];
    expect(judged(objects).map((f) => f.message)).toEqual([expect.stringContaining('unless runsc runs with --reproduce-nat (off by default')]);
  });

  test('the usual annotation acknowledges it, on the Deployment or its pod template', () => {
    const reason = 'Kata l3forwarding with an Istio build that supports it; capture verified on the kata nodes';
    for (const where of ['deploymentAnnotations', 'annotations'] as const) {
      const objects = [KATA, namespace('pay', { 'istio.io/dataplane-mode': 'ambient' }),
        deployment('pay', { runtimeClassName: 'kata', [where]: { 'kube-harden.io/acknowledge.KH-SBX-003': reason } })];
      expect(judged(objects).map((f) => [findingStatus(f), f.acknowledged?.reason])).toEqual([['acknowledged', reason]]);
    }
  });
});

describe('KH-SBX-003 | our own output', () => {
  const PAYMENT: PaymentServiceProps = { name: 'payment-service', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], probes: { httpPath: '/healthz' }, ...PAYMENT_TRAFFIC };

  test.each(['sidecar', 'ambient'] as const)('a default PaymentService (Kata) in a %s ZeroTrustNamespace carries the warning, unacknowledged', (meshMode) => {
    // GIVEN
    const waypoint = meshMode === 'ambient' ? 'waypoint' : undefined;
    const objects = [
      ...renderZeroTrustNamespace({ name: CONTEXT.namespace, meshMode, waypoint }),
      ...renderSandboxRuntimes(),
      ...renderPaymentService({ ...PAYMENT, meshMode, waypoint }, CONTEXT),
    ];
    // WHEN
    const report = audit(objects);
    // THEN
    expect(findingsOf(report, RULE).map((f) => [findingStatus(f), f.object?.kind, f.object?.name])).toEqual([['warning', 'Deployment', 'payment-service']]);
    expect(report.findings.filter((f) => f.severity === 'error' && f.unknown !== true && f.acknowledged === undefined)).toEqual([]);
  });

  test('a SecureDeployment of each tier: gVisor (medium) and Kata (high, critical) are reported, runc (low) is not', () => {
    const objects = [
      ...renderZeroTrustNamespace({ name: CONTEXT.namespace }),
      ...renderSandboxRuntimes(),
      ...(['low', 'medium', 'high', 'critical'] as const).flatMap((sensitivity) => renderSecureDeployment({ ...MINIMAL, name: sensitivity, sensitivity }, CONTEXT)),
    ];
    expect(findingsOf(audit(objects), RULE).map((f) => [f.object?.name, findingStatus(f)]).sort()).toEqual([['critical', 'warning'], ['high', 'warning'], ['medium', 'warning']]);
  });

  test('acknowledgements: { KH-SBX-003 } records the reason on the Deployment, and the audit shows it acknowledged', () => {
    const reason = 'gVisor nodes run runsc with network=host; capture verified with istioctl ztunnel-config workloads';
    const objects = [
      ...renderZeroTrustNamespace({ name: CONTEXT.namespace, meshMode: 'ambient', waypoint: 'waypoint' }),
      ...renderSandboxRuntimes(),
      ...renderSecureDeployment({ ...MINIMAL, meshMode: 'ambient', waypoint: 'waypoint', acknowledgements: { 'KH-SBX-003': { reason } } }, CONTEXT),
    ];
    expect(findingsOf(audit(objects), RULE).map((f) => [findingStatus(f), f.acknowledged?.reason])).toEqual([['acknowledged', reason]]);
  });
});
