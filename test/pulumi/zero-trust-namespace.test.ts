import { capture, componentContract, findComponent, findManifest, findResource, outputValue } from './harness';
import { renderZeroTrustNamespace } from '../../lib/core/zero-trust-namespace';
import { SecureDeployment } from '../../lib/pulumi/secure-deployment';
import { ZeroTrustNamespace } from '../../lib/pulumi/zero-trust-namespace';
import { MINIMAL } from '../core/fixtures';
import { HNC_MANAGED_PROFILE } from '../helpers/profiles';

describe('ZeroTrustNamespace (Pulumi) |', () => {
  componentContract({
    type: ZeroTrustNamespace.TYPE,
    create: (name, opts) => new ZeroTrustNamespace(name, { name: 'payments', context: { labels: { team: 'payments' } } }, opts),
    expected: () => renderZeroTrustNamespace({ name: 'payments' }, { labels: { team: 'payments' } }),
  });

  test('renders the namespace and its default policies; every namespaced child waits for the Namespace', async () => {
    const program = await capture(() => new ZeroTrustNamespace('payments', { name: 'payments' }));
    const namespace = findResource(program, 'Namespace', 'payments');

    expect(program.manifests).toMatchSnapshot();
    expect(findManifest(program.manifests, 'PeerAuthentication', 'default', 'payments').spec).toEqual({ mtls: { mode: 'STRICT' } });
    for (const obj of program.manifests.filter((m) => m.metadata.namespace === 'payments')) {
      expect(findResource(program, obj.kind, obj.metadata.name, 'payments').dependencies).toContain(namespace.urn);
    }
  });

  test('exposes the ref, name, mesh mode and waypoint as outputs for other components, and registers them', async () => {
    const program = await capture(() => new ZeroTrustNamespace('payments', { name: 'payments', meshMode: 'ambient', waypoint: 'waypoint' }));
    const { result } = program;

    await expect(outputValue(result.ref)).resolves.toEqual({ name: 'payments', meshMode: 'ambient', waypoint: 'waypoint' });
    await expect(Promise.all([result.name, result.meshMode, result.waypoint].map(outputValue))).resolves.toEqual(['payments', 'ambient', 'waypoint']);
    expect(findComponent(program, ZeroTrustNamespace.TYPE).outputs).toMatchObject({ name: 'payments', meshMode: 'ambient', waypoint: 'waypoint' });
    await expect(outputValue(result.objectKeys)).resolves.toContain('v1/Namespace//payments');
  });

  test('a child namespace in HNC anchor mode waits for its parent namespace, created by another component', async () => {
    const program = await capture(() => {
      const finance = new ZeroTrustNamespace('finance', { name: 'finance' });
      new ZeroTrustNamespace('payments', { name: 'payments', parent: { namespace: finance.ref, mode: 'anchor' }, profile: HNC_MANAGED_PROFILE });
    });

    const anchor = findResource(program, 'SubnamespaceAnchor', 'payments', 'finance');
    expect(anchor.dependencies).toContain(findResource(program, 'Namespace', 'finance').urn);
  });

  test('a workload created after the namespace waits for it, although they are different components', async () => {
    const program = await capture(() => {
      new ZeroTrustNamespace('shop', { name: 'shop' });
      new SecureDeployment('api', { ...MINIMAL, namespace: 'shop' });
    });

    const namespace = findResource(program, 'Namespace', 'shop').urn;
    expect(findResource(program, 'Deployment', 'api').dependencies).toContain(namespace);
    expect(findResource(program, 'ServiceAccount', 'api').dependencies).toContain(namespace);
  });
});

describe('ZeroTrustNamespace (Pulumi) across programs |', () => {
  test('a program run after another in the same process never waits for the earlier program\'s namespace', async () => {
    await capture(() => new ZeroTrustNamespace('shop', { name: 'shop' }));
    const later = await capture(() => new SecureDeployment('api', { ...MINIMAL, namespace: 'shop' }));

    expect(findResource(later, 'Deployment', 'api').dependencies).toEqual([findResource(later, 'ServiceAccount', 'api').urn]);
  });
});
