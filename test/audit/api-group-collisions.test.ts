import { findingsOf } from './helpers';
import { audit, complianceReport, Finding, isCounted } from '../../lib/audit';
import { K8sObject } from '../../lib/core';

// Kinds of other projects that share a name with a kind the audit reads: each is a kind of its own, which no rule of
// the name reads (see KIND_GROUPS).

const namespace = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

/** A Deployment `name` of namespace `shop` whose pods carry `app: <name>` (and `labels`). */
function deployment(name: string, labels: Record<string, string> = {}): K8sObject {
  const podLabels = { app: name, ...labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels: podLabels },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: podLabels }, spec: { containers: [{ name, image: `registry.example.com/${name}:1.0` }] } },
    },
  };
}

/** The messages of the counted and unknown findings of rule `id` about objects of `kind` named `name`. */
function messages(findings: readonly Finding[], id: string, kind: string, name: string): string[] {
  return findings.filter((f) => f.ruleId === id && f.object?.kind === kind && f.object.name === name).map((f) => f.message);
}

/** A control of the MLPS report of `objects`: its status and the objects that satisfy it. */
function control(objects: readonly K8sObject[], id: string): { status: string; satisfiedBy: readonly string[] } {
  const found = complianceReport(objects, { standard: 'mlps2-l3' }).controls.find((c) => c.id === id);
  if (!found) throw new Error(`no control ${id}`);
  return { status: found.status, satisfiedBy: found.satisfiedBy };
}

/**
 * A Calico NetworkPolicy that lets `app == 'frontend'` in and DNS out of the pods of `web`: projectcalico/calico
 * api/pkg/apis/projectcalico/v3/networkpolicy.go (group `projectcalico.org`, register.go): `spec.selector` is a
 * selector expression (a string), `types` not `policyTypes`, and each rule has an `action`; the same policy as the CRD
 * `crd.projectcalico.org/v1` (libcalico-go/config/crd/crd.projectcalico.org_networkpolicies.yaml).
 */
function calicoPolicy(apiVersion: string): K8sObject {
  return {
    apiVersion,
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-frontend', namespace: 'shop' },
    spec: {
      selector: "app == 'web'",
      types: ['Ingress', 'Egress'],
      ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: "app == 'frontend'" }, destination: { ports: [8080] } }],
      egress: [{ action: 'Allow', protocol: 'UDP', destination: { selector: "k8s-app == 'kube-dns'", ports: [53] } }],
    },
  };
}

describe('kinds of another API group are not the kinds the rules read |', () => {
  test.each(['projectcalico.org/v3', 'crd.projectcalico.org/v1'])('a Calico NetworkPolicy (%s) isolates nothing for KH-NET-001, and no network rule judges it', (apiVersion) => {
    // (it used to be read as a networking.k8s.io NetworkPolicy: no podSelector selects every pod, and its ingress and
    // egress lists isolate both directions, so KH-NET-001 passed)
    const findings = audit([namespace('shop'), deployment('web'), calicoPolicy(apiVersion)]).findings;
    const unread = `the audit does not read NetworkPolicy allow-frontend (${apiVersion}): it reads NetworkPolicies of networking.k8s.io or extensions and Cilium policies`;
    expect(findings.filter((f) => f.ruleId === 'KH-NET-001' && isCounted(f)).map((f) => f.message).sort()).toEqual([
      `egress is open: no network policy in the audit selects the pods; ${unread}`,
      `ingress is open: no network policy in the audit selects the pods; ${unread}`,
    ]);
    expect(audit([calicoPolicy(apiVersion)]).checks).toBe(0);
    expect(audit([{ ...calicoPolicy(apiVersion), apiVersion: 'networking.k8s.io/v1' }]).rules.map((r) => r.id)).toEqual(['KH-NET-003', 'KH-NET-004']);
  });

  test('an NVIDIA GPU Operator ClusterPolicy is no Kyverno policy: no image admission rule reads it, nor does the compliance report', () => {
    // NVIDIA/gpu-operator api/nvidia/v1/groupversion_info.go (group `nvidia.com`), config/samples/v1_clusterpolicy.yaml
    const gpu: K8sObject = {
      apiVersion: 'nvidia.com/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'gpu-cluster-policy' },
      spec: { operator: { defaultRuntime: 'crio' }, driver: { enabled: true, repository: 'nvcr.io/nvidia', image: 'driver', version: '460.73.01' } },
    };
    const shop = namespace('shop');
    expect(findingsOf(audit([shop, gpu]), 'KH-SUP-001')).toEqual(findingsOf(audit([shop]), 'KH-SUP-001'));
    expect(audit([gpu]).checks).toBe(0);
    // (it used to be the evidence of an image signature admission policy: 可信验证 8.1.4.6 was satisfied by a GPU driver setup)
    expect(control([gpu], '8.1.4.6')).toEqual({ status: 'missing', satisfiedBy: [] });
  });

  test('an Open Cluster Management Policy is no Kyverno Policy: it is not counted as checked by KH-SUP-003', () => {
    // open-cluster-management-io/governance-policy-propagator api/v1/groupversion_info.go (group
    // `policy.open-cluster-management.io`, kind `Policy`): policy-templates that a hub distributes to clusters
    const ocm: K8sObject = {
      apiVersion: 'policy.open-cluster-management.io/v1',
      kind: 'Policy',
      metadata: { name: 'policy-pod', namespace: 'default' },
      spec: {
        'remediationAction': 'inform',
        'disabled': false,
        'policy-templates': [{ objectDefinition: { apiVersion: 'policy.open-cluster-management.io/v1', kind: 'ConfigurationPolicy', metadata: { name: 'pod' }, spec: {} } }],
      },
    };
    // a Kyverno ClusterPolicy whose scan attestation admits no CRITICAL finding: KH-SUP-003 runs and passes
    const kyverno: K8sObject = {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'signed-images' },
      spec: {
        rules: [{
          name: 'verify',
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          verifyImages: [{
            imageReferences: ['registry.example.com/*'],
            attestations: [{
              type: 'https://cosign.sigstore.dev/attestation/vuln/v1',
              conditions: [{ all: [{ key: "{{ scanner.result.Results[].Vulnerabilities[] || `[]` | [?Severity=='CRITICAL'] | length(@) }}", operator: 'LessThanOrEquals', value: 0 }] }],
            }],
          }],
        }],
      },
    };
    expect(audit([ocm]).checks).toBe(0);
    // (it used to be listed among the objects that satisfy 8.1.4.5 and 8.2, as if KH-SUP-003 had checked it)
    expect(control([ocm, kyverno], '8.1.4.5').satisfiedBy).toEqual(['ClusterPolicy signed-images']);
  });

  test('an OpenShift ClusterImagePolicy is no Sigstore policy: KH-SUP-001 and KH-SUP-002 find no image policy in the audit', () => {
    // openshift/api config/v1/types_cluster_image_policy.go (group `config.openshift.io`, config/v1alpha1/register.go):
    // `spec.scopes` and `spec.policy.rootOfTrust`, no `images`, `authorities` or `mode`
    const openshift: K8sObject = {
      apiVersion: 'config.openshift.io/v1',
      kind: 'ClusterImagePolicy',
      metadata: { name: 'app-images' },
      spec: { scopes: ['registry.example.com/app'], policy: { rootOfTrust: { policyType: 'PublicKey', publicKey: { keyData: 'LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0K' } } } },
    };
    const shop = namespace('shop', { 'policy.sigstore.dev/include': 'true' });
    const pay = deployment('pay', { 'kube-harden.io/payment': 'true' });
    const report = audit([shop, pay, openshift]);
    // (KH-SUP-001 used to pass: a policy without `mode: warn` read as an enforcing Sigstore policy)
    expect(findingsOf(report, 'KH-SUP-001').map((f) => [f.message, f.unknown])).toEqual([
      ['the namespace opts into image verification, but the audit holds no ClusterPolicy with verifyImages or ClusterImagePolicy to check', true],
    ]);
    // (KH-SUP-002 used to fail the image, as if the policy's missing `images` globs left it unverified)
    expect(messages(report.findings, 'KH-SUP-002', 'Deployment', 'pay')).toEqual([
      "the audit holds no image policy (ClusterPolicy with verifyImages or ClusterImagePolicy) to check the workload's images against",
    ]);
    expect(control([openshift], '8.1.4.6').status).toBe('missing');
  });

  test('a Knative Service is no Service, and its pod template is judged as any custom kind\'s (reach: see its tests)', () => {
    // knative/serving pkg/apis/serving/register.go (group `serving.knative.dev`), pkg/apis/serving/v1/service_types.go:
    // a Service inlines a ConfigurationSpec, whose `template` is a pod template
    const knative: K8sObject = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ image: 'registry.example.com/hello:1.0' }] } } },
    };
    const report = audit([namespace('shop'), knative]);
    expect(messages(report.findings, 'KH-POD-017', 'Service', 'hello')).toEqual(["container '#0' has no seccomp profile (neither has the pod)"]);
    // the rules of some workload kinds only (replicas, probes, budgets) are not its: it is no Deployment either
    expect(report.rules.map((r) => r.id)).not.toContain('KH-WKL-003');
  });

  test('an OpenKruise StatefulSet is no apps StatefulSet: its autoscaler does not count for one of the same name', () => {
    // openkruise/kruise apis/apps/v1beta1/groupversion_info.go (group `apps.kruise.io`), statefulset_types.go; the
    // autoscaler targets it by `scaleTargetRef.apiVersion` and kind (kubernetes/api autoscaling/v2 types.go,
    // CrossVersionObjectReference)
    const web: K8sObject = { ...deployment('web'), apiVersion: 'apps/v1', kind: 'StatefulSet' };
    const single: K8sObject = { ...web, spec: { ...(web.spec as object), replicas: 1 } };
    const hpa = (apiVersion: string): K8sObject => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion, kind: 'StatefulSet', name: 'web' }, minReplicas: 3, maxReplicas: 6 },
    });
    expect(messages(audit([single, hpa('apps/v1')]).findings, 'KH-WKL-003', 'StatefulSet', 'web')).toEqual([]);
    // (it used to pass on the Kruise StatefulSet's autoscaler)
    expect(messages(audit([single, hpa('apps.kruise.io/v1beta1')]).findings, 'KH-WKL-003', 'StatefulSet', 'web'))
      .toEqual(['runs 1 replica; at least 2 survive a node failure']);
    const kruise: K8sObject = { ...single, apiVersion: 'apps.kruise.io/v1beta1' };
    expect(audit([kruise, hpa('apps.kruise.io/v1beta1')]).rules.map((r) => r.id)).not.toContain('KH-WKL-003');
  });

  test('the groups of older versions are still read: an extensions/v1beta1 NetworkPolicy isolates, an apps/v1beta2 Deployment is one', () => {
    const old: K8sObject = {
      apiVersion: 'extensions/v1beta1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    };
    expect(findingsOf(audit([namespace('shop'), deployment('web'), old]), 'KH-NET-001')).toEqual([]);
    const beta: K8sObject = { ...deployment('web'), apiVersion: 'apps/v1beta2' };
    expect(audit([beta]).rules.map((r) => r.id)).toContain('KH-WKL-003');
  });
});
