import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { PortProtocol, Problems, WorkloadPort, WorkloadRef, workloadRef } from '../core';

/** Where `workloadRefOf` takes what a cdk8s-plus workload does not say. */
export interface WorkloadRefOfOptions {
  /**
   * Namespace of the workload.
   * @default - the workload's `metadata.namespace`, else its chart's namespace
   */
  readonly namespace?: string;
}

/**
 * What `workloadRefOf` reads of a cdk8s-plus workload: the shape that Deployment, StatefulSet, DaemonSet, Job and
 * CronJob share in every cdk8s-plus from -27 to -33, so a workload of any of them is accepted as it is.
 */
export interface CdkPlusWorkload extends IConstruct {
  /** The workload's name (`metadata.name`). */
  readonly name: string;
  /** The workload's metadata; only its namespace is read. */
  readonly metadata: { readonly namespace?: string };
  /** The pod selector's `matchLabels`. */
  readonly matchLabels: Record<string, string>;
  /** The pod's ServiceAccount, when one is set. */
  readonly serviceAccount?: { readonly name: string };
  /** The pod's containers; only their ports are read. */
  readonly containers: ReadonlyArray<{
    readonly ports: ReadonlyArray<{ readonly number: number; readonly name?: string; readonly protocol?: PortProtocol }>;
  }>;
}

/**
 * A cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob of cdk8s-plus-27 to -33) as a `WorkloadRef`, so it can be
 * used wherever kube-harden accepts a peer workload. The selector is the workload's own `matchLabels`
 * (cdk8s-plus selects pods by `cdk8s.io/metadata.addr`), the ServiceAccount is the workload's (or `default`), and
 * the ports are its containers' ports (named `<protocol>-<number>` when unnamed).
 * Throws `KubeHardenValidationError` when no namespace is known.
 *
 * @example
 * const legacy = new kplus.Deployment(chart, 'legacy', { containers: [{ image: 'legacy:2.3', portNumber: 8080 }] });
 * const peer = workloadRefOf(legacy); // { name, namespace, selector: { 'cdk8s.io/metadata.addr': ... }, ports, ... }
 *
 * @param workload a cdk8s-plus workload
 * @param options the namespace, when neither the workload nor its chart has one
 */
export function workloadRefOf(workload: CdkPlusWorkload, options: WorkloadRefOfOptions = {}): WorkloadRef {
  const namespace = options.namespace ?? workload.metadata.namespace ?? Chart.of(workload).namespace;
  if (namespace === undefined) {
    const problems = new Problems();
    problems.add('namespace', undefined, 'is unknown: neither the workload nor its chart has a namespace',
      "set the chart's namespace, the workload's metadata.namespace, or pass { namespace }.");
    problems.throwIfAny(`workloadRefOf(${workload.node.path})`);
  }
  const ports = new Map<string, WorkloadPort>();
  for (const container of workload.containers) {
    for (const port of container.ports) {
      const protocol = port.protocol ?? 'TCP';
      const key = `${protocol}/${port.number}`;
      if (!ports.has(key)) ports.set(key, { name: port.name ?? `${protocol.toLowerCase()}-${port.number}`, port: port.number, protocol });
    }
  }
  return workloadRef({
    name: workload.name,
    namespace: namespace!,
    selector: workload.matchLabels,
    serviceAccountName: workload.serviceAccount?.name ?? 'default',
    ports: [...ports.values()],
  });
}
