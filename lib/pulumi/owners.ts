import * as pulumi from '@pulumi/pulumi';

/** The component that created each ref (`.ref` of a kube-harden component), so that users of the ref wait for it. */
const OWNERS = new WeakMap<object, pulumi.Resource>();

/** Records `owner` as the component that created `ref`; returns `ref`. */
export function ownRef<T extends object>(ref: T, owner: pulumi.Resource): T {
  OWNERS.set(ref, owner);
  return ref;
}

/**
 * The components that own refs given as top-level props (e.g. `sandbox: runtimes.ref`, `namespace: payments.ref`):
 * objects that name their classes or namespace must wait for them.
 */
export function ownersOf(props: object): pulumi.Resource[] {
  const owners = Object.values(props)
    .map((value) => (typeof value === 'object' && value !== null ? OWNERS.get(value) : undefined))
    .filter((owner): owner is pulumi.Resource => owner !== undefined);
  return [...new Set(owners)];
}
