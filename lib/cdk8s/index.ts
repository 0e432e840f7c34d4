// The cdk8s adapter: `kube-harden/cdk8s`.
export * from './harden';
