import * as path from 'path';
import { FIXTURES_DIR, kyvernoVerifyingPodsOutside, loadYaml, objectNamed } from './helpers';
import { audit, Finding, findingStatus, isCounted } from '../../lib/audit';
import {
  buildPaymentService, K8sObject, paymentExecAllowList, PaymentServiceProps, renderImageSupplyChainPolicy, renderRuntimeThreatDetection,
  renderSecureDeployment, renderZeroTrustNamespace,
} from '../../lib/core';
import { CONTEXT, MINIMAL, PAYMENT_WITH_RUNTIME_CONTROLS } from '../core/fixtures';

/** A PaymentService that weakens both payment controls, each acknowledged with a reason. */
const WEAKENED: PaymentServiceProps = {
  ...PAYMENT_WITH_RUNTIME_CONTROLS,
  execMode: 'audit',
  signatureVerification: 'none',
  acknowledgements: { 'KH-RUN-001': { reason: 'collecting the exec set this week' }, 'KH-SUP-002': { reason: 'registry migration' } },
};

/** The payment platform around a PaymentService: its namespace, image policy and runtime detection. */
function platform(props: PaymentServiceProps) {
  const rendered = buildPaymentService(props, CONTEXT);
  const list = paymentExecAllowList(props, rendered);
  return [
    ...renderZeroTrustNamespace({ name: CONTEXT.namespace }),
    ...renderImageSupplyChainPolicy({ name: 'images', images: ['registry.example.com/shop/*'], authorities: [SIGNER] }),
    ...renderRuntimeThreatDetection({ name: 'runtime', workloads: list ? [list] : [], clusterDetections: false }),
    ...rendered.objects,
  ];
}

function byRule(findings: readonly Finding[], id: string): Finding[] {
  return findings.filter((f) => f.ruleId === id);
}

/** An object whose labels and annotations a test may set to anything. */
type Editable = { metadata: { labels: Record<string, unknown>; annotations: Record<string, unknown> } };

/** `objects` with `edit` applied to a copy of the object of `kind` named `name`. */
function edited(objects: readonly K8sObject[], kind: string, name: string, edit: (copy: Editable) => void): K8sObject[] {
  return objects.map((o) => {
    if (o.kind !== kind || o.metadata.name !== name) return o;
    const copy = structuredClone(o);
    edit(copy as never);
    return copy;
  });
}

/** The rules that judge payment workloads only. */
const PAYMENT_RULES = ['KH-MESH-007', 'KH-MESH-008', 'KH-RUN-001', 'KH-SUP-002'];

/** The keyless signer of the platform's image policies. */
const SIGNER = { name: 'release', issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/example/shop/.github/workflows/release.yml@refs/heads/main' };

/**
 * A SecureDeployment without payment controls, on a platform whose image policy and runtime detection cover none of
 * it, with `labels` (given the rendered ones) on the Deployment's metadata (`metadata`) or its pod template's (`template`).
 */
function unprotectedWorkload(where: 'metadata' | 'template', labels: (rendered: Record<string, string>) => unknown): K8sObject[] {
  const objects = [
    ...renderZeroTrustNamespace({ name: CONTEXT.namespace }),
    ...renderImageSupplyChainPolicy({ name: 'images', images: ['registry.example.com/other/*'], authorities: [SIGNER] }),
    ...renderRuntimeThreatDetection({ name: 'runtime', workloads: [] }),
    ...renderSecureDeployment(MINIMAL, CONTEXT),
  ];
  return objects.map((o) => {
    if (o.kind !== 'Deployment' || o.metadata.name !== MINIMAL.name) return o;
    const copy = structuredClone(o) as unknown as { metadata: { labels: unknown }; spec: { template: { metadata: { labels: unknown } } } };
    const holder = where === 'metadata' ? copy.metadata : copy.spec.template.metadata;
    holder.labels = labels(holder.labels as Record<string, string>);
    return copy as unknown as K8sObject;
  });
}

describe('payment controls KH-RUN-001 and KH-SUP-002 |', () => {
  test('acknowledged weakenings of a PaymentService appear in the report, with their reasons, and do not count', () => {
    // GIVEN a PaymentService with an audit-only allow-list and no signature verification, both acknowledged
    const report = audit(platform(WEAKENED));
    // THEN both weakenings are reported on the Deployment, acknowledged
    expect(byRule(report.findings, 'KH-RUN-001').map((f) => [f.object?.name, f.acknowledged?.reason])).toContainEqual(['payment-service', 'collecting the exec set this week']);
    expect(byRule(report.findings, 'KH-SUP-002').map((f) => [f.object?.name, f.acknowledged?.reason])).toEqual([['payment-service', 'registry migration']]);
    expect([...byRule(report.findings, 'KH-RUN-001'), ...byRule(report.findings, 'KH-SUP-002')].every((f) => f.acknowledged !== undefined)).toBe(true);
  });

  test('the default PaymentService on its platform passes both', () => {
    const { execMode, signatureVerification, acknowledgements, ...strict } = WEAKENED;
    const report = audit(platform(strict));
    expect([...byRule(report.findings, 'KH-RUN-001'), ...byRule(report.findings, 'KH-SUP-002')]).toEqual([]);
    expect(report.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['KH-RUN-001', 'KH-SUP-002']));
  });

  // (an unquoted `true` is a boolean, which Kubernetes rejects as a label value: the rules read it as absent and
  // skipped the workload, passing a payment workload nothing had judged)
  test.each(['metadata', 'template'] as const)('a payment label of the wrong type on the %s is unknown, and every payment rule judges the workload', (where) => {
    const label = `${where === 'metadata' ? '' : 'spec.template.'}metadata.labels.kube-harden.io/payment`;
    const findings = audit(unprotectedWorkload(where, (rendered) => ({ ...rendered, 'kube-harden.io/payment': true }))).findings;
    for (const id of PAYMENT_RULES) {
      expect({ id, unknown: byRule(findings, id).filter((f) => f.unknown === true && f.path === label).map((f) => f.message) })
        .toEqual({ id, unknown: [`${label} is a boolean, not a string: Kubernetes rejects the object, and the rule cannot judge it`] });
      // the workload fails closed as a payment workload: nothing covers it
      expect({ id, counted: byRule(findings, id).some(isCounted) }).toEqual({ id, counted: true });
    }
    // a labels map of the wrong type may hold the label too
    const list = audit(unprotectedWorkload(where, (rendered) => [...Object.keys(rendered), 'kube-harden.io/payment'])).findings;
    expect(PAYMENT_RULES.filter((id) => byRule(list, id).some(isCounted))).toEqual(PAYMENT_RULES);
    // the string "false" marks no payment workload
    const plain = audit(unprotectedWorkload(where, (rendered) => ({ ...rendered, 'kube-harden.io/payment': 'false' }))).findings;
    expect(plain.filter((f) => PAYMENT_RULES.includes(f.ruleId))).toEqual([]);
  });

  // (read as absent, silently: no value of another type is `none` or `audit`, so the rule is only unknown)
  test.each([
    ['KH-SUP-002', 'kube-harden.io/signature-verification'],
    ['KH-RUN-001', 'kube-harden.io/exec-mode'],
  ])('%s: an annotation %s of the wrong type is unknown, and names no weakening', (id, key) => {
    const { execMode, signatureVerification, acknowledgements, ...strict } = WEAKENED;
    const objects = edited(platform(strict), 'Deployment', 'payment-service', (d) => { d.metadata.annotations[key] = 1; });
    expect(byRule(audit(objects).findings, id).map((f) => [findingStatus(f), f.path, f.message])).toEqual([
      ['unknown', `metadata.annotations.${key}`, `metadata.annotations.${key} is a number, not a string: Kubernetes rejects the object, and the rule cannot judge it`],
    ]);
  });

  test('a Namespace label of the wrong type is KH-SUP-001\'s unknown, not the payment workload\'s; for KH-SUP-002 it opts the namespace into nothing', () => {
    const { execMode, signatureVerification, acknowledgements, ...strict } = WEAKENED;
    const objects = edited(platform(strict), 'Namespace', CONTEXT.namespace, (n) => { n.metadata.labels['kube-harden.io/image-verification'] = true; });
    const findings = audit(objects).findings;
    expect(byRule(findings, 'KH-SUP-001').map((f) => [findingStatus(f), f.path])).toEqual([
      ['error', 'metadata.labels'], ['unknown', 'metadata.labels.kube-harden.io/image-verification'],
    ]);
    const payment = byRule(findings, 'KH-SUP-002');
    expect(payment.length).toBeGreaterThan(0);
    expect(payment.every((f) => isCounted(f) && f.object?.kind === 'Deployment')).toBe(true);
  });

  // (the Namespace's labels are read apart from the ClusterPolicy whose namespaceSelector reads them: a label of the
  // wrong type is the Namespace's unknown, and does not make Kubernetes reject the policy)
  test('a Namespace label of the wrong type that no selector names leaves the image policy enforcing, and is named as the Namespace\'s', () => {
    const { execMode, signatureVerification, acknowledgements, ...strict } = WEAKENED;
    const objects = edited(platform(strict), 'Namespace', CONTEXT.namespace, (n) => { n.metadata.labels.team = true; });
    const findings = audit(objects).findings;
    expect(byRule(findings, 'KH-SUP-001').map((f) => [findingStatus(f), f.object?.kind, f.message])).toEqual([
      ['unknown', 'Namespace', 'metadata.labels.team is a boolean, not a string: Kubernetes rejects the object, and the rule cannot judge it'],
    ]);
    expect(byRule(findings, 'KH-SUP-002')).toEqual([]);
  });

  // (review: a Namespace label of the wrong type meets no namespaceSelector requirement, but a labels map of the wrong
  // type read as empty, so a NotIn requirement selected the namespace: KH-SUP-002 passed silently, KH-SUP-001 only unknown)
  test('a Namespace labels map of the wrong type meets no NotIn requirement of a Kyverno namespaceSelector: nothing verifies the payment images', () => {
    const objects = (labels: unknown): K8sObject[] => [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: labels as never } },
      kyvernoVerifyingPodsOutside('env', ['dev']),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'pay', namespace: 'shop', labels: { 'kube-harden.io/payment': 'true' } },
        spec: { template: { metadata: { labels: { app: 'pay' } }, spec: { containers: [{ name: 'app', image: 'registry.example.com/pay:1.0' }] } } },
      },
    ];
    // (correctly typed, env: dev is not selected, and both rules fail)
    const typed = audit(objects({ env: 'dev' })).findings;
    expect(['KH-SUP-001', 'KH-SUP-002'].map((id) => byRule(typed, id).some(isCounted))).toEqual([true, true]);
    const findings = audit(objects('env=dev')).findings;
    expect(['KH-SUP-001', 'KH-SUP-002'].map((id) => byRule(findings, id).some(isCounted))).toEqual([true, true]);
  });

  // (it stated no coverage and, when it was the only runtime monitoring of the audit, made KH-RUN-001 unknown)
  test('a coverage ConfigMap whose label is of the wrong type clears no workload, yet shows runtime monitoring: KH-RUN-001 fails', () => {
    const objects = loadYaml(path.join(FIXTURES_DIR, 'KH-RUN-001', 'pass-kata-coverage.yaml'));
    expect(byRule(audit(objects).findings, 'KH-RUN-001')).toEqual([]);
    const findings = byRule(audit(edited(objects, 'ConfigMap', 'runtime-coverage', (c) => { c.metadata.labels['kube-harden.io/runtime-coverage'] = true; })).findings, 'KH-RUN-001');
    expect(findings.map((f) => [findingStatus(f), f.message])).toEqual([
      ['error', 'no exec allow-list (Tetragon TracingPolicyNamespaced or RuntimeThreatDetection coverage entry) covers this payment workload'],
    ]);
  });

  test('other workloads are not applicable: no check, no pass, no runtime area', () => {
    const report = audit(renderSecureDeployment(MINIMAL, CONTEXT));
    expect(report.rules.map((r) => r.id)).not.toContain('KH-RUN-001');
    expect(report.rules.map((r) => r.id)).not.toContain('KH-SUP-002');
    expect(report.areas.map((a) => a.area)).not.toContain('runtime');
  });
});

describe('payment mesh controls KH-MESH-007 and KH-MESH-008 |', () => {
  // (the number stood as the waypoint's name, silently: no rule said why the namespace's waypoint did not count)
  test('a waypoint label of the wrong type on the pods is unknown for both rules and names no waypoint: the waypoint\'s rate limit does not cover them', () => {
    const objects = loadYaml(path.join(FIXTURES_DIR, 'KH-MESH-008', 'pass-waypoint.yaml'));
    expect(byRule(audit(objects).findings, 'KH-MESH-008')).toEqual([]);
    const deployment = structuredClone(objectNamed(objects, 'Deployment', 'api')) as unknown as { spec: { template: { metadata: { labels: object } } } };
    deployment.spec.template.metadata.labels = { ...deployment.spec.template.metadata.labels, 'istio.io/use-waypoint': 1 };
    const findings = audit([...objects.filter((o) => o.kind !== 'Deployment'), deployment as unknown as K8sObject]).findings;
    const waypointPath = 'spec.template.metadata.labels.istio.io/use-waypoint';
    for (const id of ['KH-MESH-007', 'KH-MESH-008']) {
      expect({ id, unknown: byRule(findings, id).filter((f) => f.unknown === true).map((f) => f.path) }).toEqual({ id, unknown: [waypointPath] });
    }
    expect(byRule(findings, 'KH-MESH-008').filter(isCounted).map((f) => f.message)).toEqual(['no EnvoyFilter enforces a local rate limit on this payment workload']);
  });

  // (review: a pod label of the wrong type meets no label selector requirement on its key, but the Istio policies compare
  // selector values with ===, and a matchLabels value of the wrong type is not read as one: a policy selector
  // `version: 2` matched the pod label `version: 2`, both numbers, and both rules passed, only unknown for the pod label)
  test('a pod label of the wrong type is selected by no Istio policy, not even one whose selector value has the same wrong type', () => {
    const objects = (version: unknown): K8sObject[] => [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'jwt', namespace: 'shop' },
        spec: { selector: { matchLabels: { version } }, action: 'ALLOW', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'pay', namespace: 'shop', labels: { 'kube-harden.io/payment': 'true' } },
        spec: { template: { metadata: { labels: { app: 'pay', version } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      },
    ];
    expect(byRule(audit(objects('2')).findings, 'KH-MESH-007')).toEqual([]);
    expect(byRule(audit(objects(2)).findings, 'KH-MESH-007').filter(isCounted).map((f) => f.message))
      .toEqual(['no AuthorizationPolicy requires a JWT for this payment workload']);
  });

  test('an Istio selector value of the wrong type is the policy\'s unknown, and the policy applies to no pod', () => {
    const objects: K8sObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'jwt', namespace: 'shop' },
        spec: { selector: { matchLabels: { app: 'pay', version: 2 } }, action: 'ALLOW', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'pay', namespace: 'shop', labels: { 'kube-harden.io/payment': 'true' } },
        spec: { template: { metadata: { labels: { app: 'pay', version: '2' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      },
    ];
    expect(byRule(audit(objects).findings, 'KH-MESH-007').map((f) => [findingStatus(f), f.message])).toEqual([
      ['error', 'no AuthorizationPolicy requires a JWT for this payment workload'],
      ['unknown', 'spec.selector.matchLabels.version of AuthorizationPolicy shop/jwt is a number, not a string: Kubernetes rejects that object, and the rule cannot judge this one by it'],
    ]);
  });
});
