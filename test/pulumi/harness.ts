/** Shared helpers for the Pulumi tests: the exported testing harness plus lookups by kind and name. */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { K8sObject, objectKey } from '../../lib/core/manifest';
import { CapturedProgram, CapturedResource, capture, findManifest, outputValue } from '../../lib/pulumi/testing';

export { capture, findManifest, outputValue };

/** A small component to parent objects under in tests of the emitter. */
export class TestComponent extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('kube-harden:test:TestComponent', name, {}, opts);
  }
}

/** The captured resource whose inputs are the object `kind`/`name` (in `namespace` when given). */
export function findResource(program: CapturedProgram<unknown>, kind: string, name: string, namespace?: string): CapturedResource {
  const found = program.resources.filter((r) => r.custom && r.inputs.kind === kind && r.inputs.metadata?.name === name
    && (namespace === undefined || r.inputs.metadata?.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected one resource for ${kind} '${name}', found ${found.length}`);
  }
  return found[0];
}

/** The single captured resource of type token `type`. */
export function findComponent(program: CapturedProgram<unknown>, type: string): CapturedResource {
  const found = program.resources.filter((r) => r.type === type);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}, found ${found.length}`);
  }
  return found[0];
}

/** Objects keyed by `objectKey`, for object-by-object comparisons. */
export function byKey(objects: readonly K8sObject[]): Record<string, K8sObject> {
  return Object.fromEntries(objects.map((o) => [objectKey(o), o]));
}

/** What every kube-harden component exposes. */
type KubeHardenComponent = pulumi.ComponentResource & { readonly objectKeys: pulumi.Output<string[]> };

/** A component under test: how to create it, and the core render it must reproduce. */
export interface ComponentCase {
  /** Type token, e.g. `kube-harden:index:SecureDeployment`. */
  readonly type: string;
  /** Creates the component (inside a captured program). */
  readonly create: (name: string, opts?: pulumi.ComponentResourceOptions) => KubeHardenComponent;
  /** The core's render of the same props. */
  readonly expected: () => K8sObject[];
}

/**
 * The behaviour every kube-harden Pulumi component shares: children equal to the core render, parented to the
 * component, named by the core, with the component's provider, protect and dependsOn, and `objectKeys` as output.
 */
export function componentContract(c: ComponentCase): void {
  test('the children are the core render, object by object (no auto-naming: metadata.name is the core name)', async () => {
    const program = await capture(() => c.create('subject'));

    expect(byKey(program.manifests)).toEqual(byKey(c.expected()));
    expect(program.manifests.map((m) => m.metadata.name)).toEqual(c.expected().map((m) => m.metadata.name));
  });

  test('every child has the component as parent and a deterministic Pulumi name', async () => {
    const program = await capture(() => c.create('subject'));
    const component = findComponent(program, c.type);

    for (const obj of c.expected()) {
      const child = findResource(program, obj.kind, obj.metadata.name, obj.metadata.namespace);
      expect(child.parent).toBe(component.urn);
      expect(child.name).toBe(obj.metadata.namespace ? `subject:${obj.metadata.namespace}/${obj.metadata.name}` : `subject:${obj.metadata.name}`);
    }
  });

  test('provider, protect and dependsOn given to the component reach every child', async () => {
    const program = await capture(() => {
      const provider = new k8s.Provider('cluster', {});
      const earlier = new k8s.core.v1.ConfigMap('earlier', { metadata: { name: 'earlier', namespace: 'default' } });
      c.create('subject', { provider, protect: true, dependsOn: [earlier] });
    });
    const provider = findComponent(program, 'pulumi:providers:kubernetes');
    const earlier = findResource(program, 'ConfigMap', 'earlier');

    for (const obj of c.expected()) {
      const child = findResource(program, obj.kind, obj.metadata.name, obj.metadata.namespace);
      expect(child.provider).toBe(`${provider.urn}::cluster_id`);
      expect(child.protect).toBe(true);
      expect(child.dependencies).toContain(earlier.urn);
    }
  });

  test('objectKeys lists the keys of the core objects, and the component registers it with its outputs', async () => {
    const program = await capture(() => c.create('subject'));

    await expect(outputValue(program.result.objectKeys)).resolves.toEqual(c.expected().map(objectKey));
    expect(findComponent(program, c.type).outputs).toMatchObject({ objectKeys: c.expected().map(objectKey) });
  });
}
