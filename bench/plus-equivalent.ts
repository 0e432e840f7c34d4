/**
 * A hand-written cdk8s-plus-27 equivalent of one SecureDeployment (bench/workloads.ts): the same six kinds with the
 * same security settings, written the way a cdk8s-plus user would (L2 constructs, and JSON patches or plain
 * ApiObjects where cdk8s-plus-27 has no API: seccomp, runtime and priority classes, spread constraints,
 * PodDisruptionBudget, CiliumNetworkPolicy). Unaudited, unguarded: the reference for `per_kib_vs_cdk8s_plus_equivalent`.
 * Its subject (see `measure.ts`) also emits the RuntimeClasses and PriorityClasses the pods name, as plain ApiObjects.
 */
import { readFileSync } from 'node:fs';
import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { newApp, synthesized } from './cdk8s-app';
import type { Subject } from './measure';
import { BENCH_NAMESPACE, secureDeploymentProps } from './workloads';
import type { K8sObject } from '../lib/core';

/**
 * Prepares the subject `plusEquivalent`: `params.count` services (`addPlusEquivalent`) plus the cluster objects in
 * `params.runtimes` (a JSON file, see `objects.ts`), to YAML; each round returns the YAML's size and the number of objects.
 */
export function prepare(name: string, params: { count?: number; runtimes?: string }): Subject {
  if (name !== 'plusEquivalent') throw new Error(`unknown cdk8s-plus subject '${name}'`);
  const count = Number(params.count ?? 1000);
  const runtimes = JSON.parse(readFileSync(String(params.runtimes), 'utf8')) as K8sObject[];
  return () => {
    const { app, chart, cluster } = newApp();
    runtimes.forEach((obj) => new ApiObject(cluster, `${obj.kind}-${obj.metadata.name}`, obj as never));
    for (let i = 0; i < count; i++) {
      addPlusEquivalent(chart, i);
    }
    return synthesized(app);
  };
}

/** Adds the `i`-th service to `chart`. */
export function addPlusEquivalent(chart: Chart, i: number): void {
  const props = secureDeploymentProps(i);
  const name = props.name;
  const labels = {
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'kube-harden',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/version': `1.0.${i}`,
    'kube-harden.io/sensitivity': 'medium',
  };
  const selector = { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': name };
  const metadata = { name, namespace: BENCH_NAMESPACE, labels };
  const account = new kplus.ServiceAccount(chart, `${name}-sa`, { metadata, automountToken: false });
  const probe = (initialDelay: number) => kplus.Probe.fromHttpGet('/healthz', {
    port: 8080,
    failureThreshold: 3,
    initialDelaySeconds: Duration.seconds(initialDelay),
    periodSeconds: Duration.seconds(10),
    timeoutSeconds: Duration.seconds(2),
  });
  const deployment = new kplus.Deployment(chart, name, {
    metadata,
    replicas: 2,
    serviceAccount: account,
    automountServiceAccountToken: false,
    select: false,
    podMetadata: { labels },
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(1),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
    terminationGracePeriod: Duration.seconds(30),
    containers: [{
      name,
      image: props.image,
      imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
      ports: [{ number: 8080, name: 'http' }],
      envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('info') },
      liveness: probe(10),
      readiness: probe(5),
      resources: {
        cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
      },
      securityContext: {
        ensureNonRoot: true,
        privileged: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL' as kplus.Capability] },
      },
      volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'writable-0') }],
    }],
  });
  deployment.select(kplus.LabelSelector.of({ labels: selector }));
  const podSpec = '/spec/template/spec';
  const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
    labelSelector: { matchLabels: selector },
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
  });
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.add(`${podSpec}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }),
    JsonPatch.add(`${podSpec}/runtimeClassName`, 'gvisor'),
    JsonPatch.add(`${podSpec}/priorityClassName`, 'kube-harden-medium'),
    JsonPatch.add(`${podSpec}/topologySpreadConstraints`, [spread('kubernetes.io/hostname', 'DoNotSchedule'), spread('topology.kubernetes.io/zone', 'ScheduleAnyway')]),
  );
  new kplus.Service(chart, `${name}-service`, { metadata, selector: deployment, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] });
  new ApiObject(chart, `${name}-pdb`, {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
  });
  const policy = new kplus.NetworkPolicy(chart, `${name}-np`, {
    metadata,
    selector: deployment,
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const dns = kplus.Pods.select(chart, `${name}-dns`, { labels: { 'k8s-app': 'kube-dns' }, namespaces: kplus.Namespaces.select(chart, `${name}-kube-system`, { names: ['kube-system'] }) });
  const istiod = kplus.Pods.select(chart, `${name}-istiod`, { labels: { app: 'istiod' }, namespaces: kplus.Namespaces.select(chart, `${name}-istio-system`, { names: ['istio-system'] }) });
  policy.addEgressRule(dns, [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)]);
  policy.addEgressRule(istiod, [kplus.NetworkPolicyPort.tcp(15012)]);
  new ApiObject(chart, `${name}-cnp`, {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata,
    spec: {
      description: `Traffic of ${name}: declared peers, DNS names and mesh traffic only.`,
      egress: [
        {
          toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
          toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
        },
        {
          toEndpoints: [{ matchLabels: { 'k8s:app': 'istiod', 'k8s:io.kubernetes.pod.namespace': 'istio-system' } }],
          toPorts: [{ ports: [{ port: '15012', protocol: 'TCP' }] }],
        },
      ],
      enableDefaultDeny: { egress: true, ingress: true },
      endpointSelector: { matchLabels: selector },
      ingress: [{ fromEntities: ['host'] }],
    },
  });
}
