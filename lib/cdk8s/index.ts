// The cdk8s adapter: `kube-harden/cdk8s`.
export * from './harden';
export * from './emit';
export * from './secure-deployment';
export * from './payment-service';
export * from './sandbox-runtimes';
export * from './image-supply-chain-policy';
export * from './runtime-threat-detection';
export * from './security-chaos-probes';
export * from './workload-ref-of';
export * from './audit-guard';
export * from './zero-trust-namespace';
