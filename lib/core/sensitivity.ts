/**
 * Sensitivity tiers: how much harm a compromise of the workload would do. The tier picks the runtime
 * (the guide §3.1: stateless services on gVisor, payment systems on Kata), priority, replicas and resources.
 */
export type Sensitivity = 'low' | 'medium' | 'high' | 'critical';

/** Every tier, from least to most sensitive. */
export const SENSITIVITIES: readonly Sensitivity[] = ['low', 'medium', 'high', 'critical'];

/** A container runtime the library knows. */
export type SandboxRuntime = 'runc' | 'gvisor' | 'kata';

/** How strongly each runtime isolates a pod, runc < gVisor < Kata (the guide §3.1): a lower number is a weaker runtime. */
export const RUNTIME_STRENGTH: Readonly<Record<SandboxRuntime, number>> = { runc: 0, gvisor: 1, kata: 2 };

/** The guide's measured cost of each runtime (guide §3.1). Documentation data: Kubernetes models overhead only as `podFixed`. */
export interface RuntimeFigures {
  /** Runtime. */
  readonly runtime: SandboxRuntime;
  /** Typical container start time, in milliseconds. */
  readonly startupMs: number;
  /** Typical memory overhead, in percent of the workload's memory. */
  readonly memoryOverheadPercent: number;
  /** What isolation the runtime gives. */
  readonly isolation: string;
}

/** The guide's table: runc 50 ms / 2 %, gVisor 120 ms / 8 %, Kata 300 ms / 15 %. */
export const RUNTIME_FIGURES: readonly RuntimeFigures[] = [
  { runtime: 'runc', startupMs: 50, memoryOverheadPercent: 2, isolation: 'Linux namespaces and cgroups on the shared host kernel' },
  { runtime: 'gvisor', startupMs: 120, memoryOverheadPercent: 8, isolation: 'user-space kernel (Sentry) intercepting system calls' },
  { runtime: 'kata', startupMs: 300, memoryOverheadPercent: 15, isolation: 'lightweight virtual machine with its own guest kernel' },
];

/** Whether `value` is a known sensitivity tier. */
export function isSensitivity(value: unknown): value is Sensitivity {
  return typeof value === 'string' && (SENSITIVITIES as readonly string[]).includes(value);
}

/**
 * Label recording a workload's sensitivity tier (on the workload and its pod template). The audit reads it
 * to judge tier-dependent controls (sandbox runtime, replicas); without it those checks do not apply.
 */
export const SENSITIVITY_LABEL = 'kube-harden.io/sensitivity';

/**
 * Label (value `"true"`) marking a payment workload (a PaymentService's workload and pod template). The audit's
 * payment controls (KH-MESH-007 JWT, KH-MESH-008 rate limit) apply to workloads that carry it.
 */
export const PAYMENT_LABEL = 'kube-harden.io/payment';
