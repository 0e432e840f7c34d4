// The Pulumi adapter: `kube-harden/pulumi`. The test harness is `kube-harden/pulumi/testing`.
export * from './component';
export * from './emit';
export type { DeepInput, DeepInputParts, InputProps, PendingInputs } from './inputs';
export * from './resource-map';
export * from './workload';
export * from './sandbox-runtimes';
export * from './secure-deployment';
export * from './payment-service';
export * from './image-supply-chain-policy';
export * from './runtime-threat-detection';
export * from './security-chaos-probes';
export * from './zero-trust-namespace';
