/** Small manifests for the reachability tests. */
import { Testing } from 'cdk8s';
import { buildPaymentPlatform } from '../../../examples/cdk8s-payment-platform/main';
import { buildBaselinePlatform } from '../../../examples/cdk8s-plus-baseline/main';
import { K8sObject } from '../../../lib/core';

/** A Namespace with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A Deployment whose pods carry `labels` (and `app: name`), serve `ports` (TCP unless `port/UDP`) as service account `sa`. */
export function deployment(
  ns: string, name: string, options: { labels?: Record<string, string>; ports?: Array<number | string>; sa?: string } = {},
): K8sObject {
  const labels = { app: name, ...options.labels };
  const ports = (options.ports ?? [8080]).map((p) => {
    const [port, protocol] = String(p).split('/');
    return { containerPort: Number(port), protocol: protocol ?? 'TCP', name: `p${port}${(protocol ?? 'tcp').toLowerCase()}` };
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { serviceAccountName: options.sa ?? name, containers: [{ name, image: 'x', ports }] } },
    },
  };
}

/** Any namespaced object of `kind` with `spec`. */
export function policy(kind: string, ns: string | undefined, name: string, spec: unknown, apiVersion = 'v1'): K8sObject {
  return { apiVersion, kind, metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}) }, spec } as K8sObject;
}

/** `from -> to:port/protocol` of every pod-to-pod flow between input workloads (infrastructure and external left out). */
export function podFlows(flows: ReadonlyArray<{ from: string; to: string; port: number | '*'; protocol: string }>, ids?: readonly string[]): string[] {
  return flows.filter((f) => !f.to.includes(':') && (ids === undefined || ids.includes(f.to)))
    .map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`);
}

/** Every object of the example payment platform (`examples/cdk8s-payment-platform`), synthesized in memory. */
export function examplePlatform(): K8sObject[] {
  const app = Testing.app();
  buildPaymentPlatform(app);
  return app.charts.flatMap((chart) => Testing.synth(chart) as K8sObject[]);
}

/** Every object of the plain cdk8s-plus-27 baseline (`examples/cdk8s-plus-baseline`), synthesized in memory. */
export function baselinePlatform(): K8sObject[] {
  const app = Testing.app();
  buildBaselinePlatform(app);
  return app.charts.flatMap((chart) => Testing.synth(chart) as K8sObject[]);
}
