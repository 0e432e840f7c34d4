/** Renders one intent three ways (the core, cdk8s synth, Pulumi mock inputs) and compares them object by object. */
import { Chart, Testing } from 'cdk8s';
import { K8sObject, objectKey } from '../../lib/core/manifest';
import { RenderContext } from '../../lib/core/naming';
import { capture } from '../../lib/pulumi/testing';

/** One construct (or program) to compare: how each engine builds it from the same intent and context. */
export interface ParityCase {
  /** Test name. */
  readonly name: string;
  /** The core render. */
  readonly core: (context: RenderContext) => K8sObject[];
  /** Builds the cdk8s constructs into `chart` (whose namespace and labels are the context). */
  readonly cdk8s: (chart: Chart) => void;
  /** Builds the Pulumi components (inside a captured program) with the context. */
  readonly pulumi: (context: RenderContext) => void;
}

/** The three renders of one case. */
export interface ThreeWay {
  readonly core: K8sObject[];
  readonly cdk8s: K8sObject[];
  readonly pulumi: K8sObject[];
}

/** Renders `c` with `context` three ways. */
export async function renderThreeWays(c: ParityCase, context: RenderContext = {}): Promise<ThreeWay> {
  const chart = new Chart(Testing.app(), 'parity', { namespace: context.namespace, labels: context.labels });
  c.cdk8s(chart);
  // cdk8s warns at synth about sandbox classes no SandboxRuntimes in the app defines: expected here.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const synthesized = (() => {
    try {
      return Testing.synth(chart) as K8sObject[];
    } finally {
      warn.mockRestore();
    }
  })();
  const { manifests } = await capture(() => c.pulumi(context));
  return { core: c.core(context), cdk8s: synthesized, pulumi: manifests };
}

/** Objects keyed by `<apiVersion>/<kind>/<namespace>/<name>`, so that comparisons are object by object, order-free. */
export function byKey(objects: readonly K8sObject[]): Record<string, K8sObject> {
  const keyed: Record<string, K8sObject> = {};
  for (const obj of objects) {
    const key = objectKey(obj);
    if (key in keyed) throw new Error(`two objects have the key ${key}`);
    keyed[key] = obj;
  }
  return keyed;
}

/** Asserts that the three renders hold the same objects (same keys, deep-equal bodies); returns the object count. */
export function expectSameObjects(renders: ThreeWay): number {
  const core = byKey(renders.core);
  expect(Object.keys(byKey(renders.cdk8s)).sort()).toEqual(Object.keys(core).sort());
  expect(Object.keys(byKey(renders.pulumi)).sort()).toEqual(Object.keys(core).sort());
  for (const [key, obj] of Object.entries(core)) {
    expect({ key, obj: byKey(renders.cdk8s)[key] }).toEqual({ key, obj });
    expect({ key, obj: byKey(renders.pulumi)[key] }).toEqual({ key, obj });
  }
  return renders.core.length;
}
