// The framework-free entry point: the core and the audit. Adapters live in `kube-harden/cdk8s` and `kube-harden/pulumi`.
export * from './core';
