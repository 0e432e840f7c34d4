import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { TestComponent, capture, findComponent, findResource } from './harness';
import { K8sObject, finalizeObjects } from '../../lib/core/manifest';
import { emitObjects, resourceName } from '../../lib/pulumi/emit';
import { TYPED_KIND_KEYS, createResource, typedFields } from '../../lib/pulumi/resource-map';

const labels = { 'app.kubernetes.io/managed-by': 'kube-harden' };

/** A small platform: a namespace, cluster classes, an identity, a workload using all of them, and a custom resource. */
const OBJECTS: K8sObject[] = finalizeObjects([
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kh-gvisor', labels }, handler: 'runsc' },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'kh-medium', labels }, value: 1000, globalDefault: false },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop', labels }, automountServiceAccountToken: false },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', labels },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          runtimeClassName: 'kh-gvisor',
          priorityClassName: 'kh-medium',
          serviceAccountName: 'api',
          automountServiceAccountToken: false,
          containers: [{ name: 'api', image: 'registry.example.com/api:1.0.0', args: [] }],
        },
      },
    },
  },
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'api', namespace: 'shop', labels },
    specs: [{ endpointSelector: { matchLabels: { app: 'api' } }, ingress: [] }],
  },
]);

function emitAll(opts?: pulumi.ComponentResourceOptions) {
  const component = new TestComponent('platform', opts);
  return emitObjects(component, 'platform', OBJECTS, { dependsOn: opts?.dependsOn });
}

describe('emitObjects |', () => {
  test('GIVEN core objects WHEN emitted THEN each becomes one child whose inputs equal the object', async () => {
    const program = await capture(() => emitAll());

    expect(program.manifests).toEqual(OBJECTS);
    const component = findComponent(program, 'kube-harden:test:TestComponent');
    for (const obj of OBJECTS) {
      const resource = findResource(program, obj.kind, obj.metadata.name, obj.metadata.namespace);
      expect(resource.parent).toBe(component.urn);
      expect(resource.name).toBe(resourceName('platform', obj));
    }
  });

  test('built-in kinds use their typed class and custom resources use apiextensions.CustomResource', async () => {
    const program = await capture(() => emitAll());

    expect(findResource(program, 'Deployment', 'api').type).toBe('kubernetes:apps/v1:Deployment');
    expect(findResource(program, 'Namespace', 'shop').type).toBe('kubernetes:core/v1:Namespace');
    expect(findResource(program, 'RuntimeClass', 'kh-gvisor').type).toBe('kubernetes:node.k8s.io/v1:RuntimeClass');
    expect(findResource(program, 'CiliumNetworkPolicy', 'api').type).toBe('kubernetes:cilium.io/v2:CiliumNetworkPolicy');
  });

  test('resource names are deterministic: <component>:<namespace>/<name>, or <component>:<name> when cluster-scoped', () => {
    expect(resourceName('platform', OBJECTS.find((o) => o.kind === 'Deployment')!)).toBe('platform:shop/api');
    expect(resourceName('platform', OBJECTS.find((o) => o.kind === 'Namespace')!)).toBe('platform:shop');
  });

  test('a workload depends on its Namespace, RuntimeClass, PriorityClass and ServiceAccount from the same component', async () => {
    const program = await capture(() => emitAll());
    const urn = (kind: string, name: string) => findResource(program, kind, name).urn;

    expect([...findResource(program, 'Deployment', 'api').dependencies].sort()).toEqual([
      urn('Namespace', 'shop'), urn('PriorityClass', 'kh-medium'), urn('RuntimeClass', 'kh-gvisor'), urn('ServiceAccount', 'api'),
    ].sort());
    expect(findResource(program, 'ServiceAccount', 'api').dependencies).toEqual([urn('Namespace', 'shop')]);
    expect(findResource(program, 'Namespace', 'shop').dependencies).toEqual([]);
  });

  test('the component options reach every child: provider, protect and dependsOn', async () => {
    const program = await capture(() => {
      const provider = new k8s.Provider('cluster', {});
      const earlier = new k8s.core.v1.ConfigMap('earlier', { metadata: { name: 'earlier' } });
      emitAll({ provider, protect: true, dependsOn: [earlier] });
    });
    const provider = findComponent(program, 'pulumi:providers:kubernetes');
    const earlier = findResource(program, 'ConfigMap', 'earlier');

    for (const obj of OBJECTS) {
      const child = findResource(program, obj.kind, obj.metadata.name, obj.metadata.namespace);
      expect(child.provider).toBe(`${provider.urn}::cluster_id`);
      expect(child.protect).toBe(true);
      expect(child.dependencies).toContain(earlier.urn);
    }
  });

  test('transformations given to the component apply to every child (the SDK passes them down the parent chain)', async () => {
    const annotate: pulumi.ResourceTransformation = (args) => (args.type.startsWith('kubernetes:')
      ? { props: { ...args.props, metadata: { ...args.props.metadata, annotations: { 'example.com/owner': 'platform' } } }, opts: args.opts }
      : undefined);
    const program = await capture(() => emitAll({ transformations: [annotate] }));

    for (const obj of OBJECTS) {
      expect(findResource(program, obj.kind, obj.metadata.name, obj.metadata.namespace).inputs.metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    }
  });

  test('a provider given through `providers` also reaches every child', async () => {
    const program = await capture(() => emitAll({ providers: [new k8s.Provider('cluster', {})] }));
    const provider = findComponent(program, 'pulumi:providers:kubernetes');

    expect(findResource(program, 'Deployment', 'api').provider).toBe(`${provider.urn}::cluster_id`);
    expect(findResource(program, 'CiliumNetworkPolicy', 'api').provider).toBe(`${provider.urn}::cluster_id`);
  });
});

describe('resource map |', () => {
  test.each(TYPED_KIND_KEYS)('the typed class of %s keeps every field it is declared to take', async (key) => {
    const slash = key.lastIndexOf('/');
    const [apiVersion, kind] = [key.slice(0, slash), key.slice(slash + 1)];
    const fields = typedFields(apiVersion, kind)!;
    const obj: K8sObject = { apiVersion, kind, metadata: { name: 'x' }, ...Object.fromEntries(fields.map((f) => [f, { marker: f }])) };

    const program = await capture(() => createResource('x', obj, {}));

    expect(program.manifests).toEqual([obj]);
  });

  test('a field the typed class would drop is refused instead of lost', () => {
    const obj: K8sObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x' }, spec: {} };

    expect(() => createResource('x', obj, {})).toThrow(/typed Pulumi class does not take spec/);
  });

  test('a built-in kind without a typed class is refused rather than sent as a custom resource', () => {
    const obj: K8sObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'x' }, provisioner: 'p' };

    expect(() => createResource('x', obj, {})).toThrow(/no typed Pulumi class is mapped/);
  });
});
