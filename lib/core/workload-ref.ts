import { LABELS } from './naming';

/**
 * What other constructs need to point at a workload as a network peer (policies, mesh rules):
 * its pods' selector, service account and ports. Constructs in both adapters expose it as `.ref`.
 */

/** Transport protocol of a port. */
export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';

/**
 * A port number.
 * @asType integer
 * @minimum 1
 * @maximum 65535
 */
export type PortNumber = number;

/** A named port of a workload. */
export interface WorkloadPort {
  /** Port name (IANA service name: at most 15 characters). */
  readonly name: string;
  /**
   * Container port number (what network policies match).
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port: number;
  /** Transport protocol. */
  readonly protocol: PortProtocol;
}

/** A workload as a network peer. Plain data: the same in the core, cdk8s and Pulumi. */
export interface WorkloadRef {
  /** The workload's name (`app.kubernetes.io/instance`, the Deployment's and Service's `metadata.name`). */
  readonly name: string;
  /** Namespace of the workload. */
  readonly namespace: string;
  /** `app.kubernetes.io/name` of the workload. */
  readonly appName: string;
  /** Labels that select the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Name of the workload's ServiceAccount (its mesh identity). */
  readonly serviceAccountName: string;
  /** Ports the workload serves. */
  readonly ports: readonly WorkloadPort[];
  /**
   * Ambient only: the waypoint (a Gateway in the workload's namespace) that callers reach it through (HBONE on 15008).
   * @default - none (callers reach the workload's pods)
   */
  readonly waypoint?: string;
}

/** What a `WorkloadRef` is made from: a workload's resolved identity. */
export interface WorkloadRefSource {
  /** Workload name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Pod selector labels. */
  readonly selector: Readonly<Record<string, string>>;
  /** ServiceAccount name. */
  readonly serviceAccountName: string;
  /** Ports. */
  readonly ports: readonly WorkloadPort[];
  /**
   * Waypoint of the workload (ambient mode).
   * @default - none
   */
  readonly waypoint?: string;
}

/** Makes a `WorkloadRef` (a copy: later changes to `source` do not leak in). */
export function workloadRef(source: WorkloadRefSource): WorkloadRef {
  const selector = { ...source.selector };
  return {
    name: source.name,
    namespace: source.namespace,
    appName: selector[LABELS.name] ?? source.name,
    selector,
    serviceAccountName: source.serviceAccountName,
    ports: source.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
    ...(source.waypoint !== undefined ? { waypoint: source.waypoint } : {}),
  };
}
