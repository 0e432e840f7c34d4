import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Every ApiObject under `scope` (itself included), in tree order. */
export function apiObjectsUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter(ApiObject.isApiObject);
}

/** A synth-time check of the whole app: given every ApiObject in tree order, returns its errors (none: `[]`). */
export type RootCheck = (apiObjects: readonly ApiObject[]) => string[];

const checksByRoot = new WeakMap<IConstruct, Map<string, RootCheck>>();

/**
 * Registers `check` under `key` on the root of `scope` (once per key and root; a later call with the same key keeps
 * the first check). cdk8s validates the whole app on every synth, and once more per chart; kube-harden's checks of
 * one app share a single validation on the root, which lists the app's ApiObjects once (walking the construct tree
 * is the costly part) and hands that list to each check in turn.
 */
export function addRootCheck(scope: IConstruct, key: string, check: RootCheck): void {
  const root = scope.node.root;
  let checks = checksByRoot.get(root);
  if (checks === undefined) {
    const registered = new Map<string, RootCheck>();
    checks = registered;
    checksByRoot.set(root, registered);
    root.node.addValidation({
      validate: () => {
        const apiObjects = apiObjectsUnder(root);
        return [...registered.values()].flatMap((run) => run(apiObjects));
      },
    });
  }
  if (!checks.has(key)) checks.set(key, check);
}
