import { expectValidCustomResources } from './crd-schema';
import { expectValidKubernetesObjects } from './k8s-schema';
import { MeshMode } from '../../lib/core/profile';
import { TrafficProps, renderWorkloadTraffic } from '../../lib/core/traffic/workload-traffic';
import { workloadRef } from '../../lib/core/workload-ref';
import { HierarchyMode, ImageVerificationOptIn, renderZeroTrustNamespace } from '../../lib/core/zero-trust-namespace';
import { HNC_MANAGED_PROFILE } from '../helpers/profiles';

/** Every variant of the zero-trust constructs: every custom resource validates against its real CRD, every core object against Kubernetes. */
const MESH_MODES: MeshMode[] = ['sidecar', 'ambient', 'none'];
const HIERARCHY: Array<HierarchyMode | undefined> = [undefined, 'configuration', 'anchor'];
const ENGINES: ImageVerificationOptIn[] = ['kyverno', 'sigstore', 'none'];
const ACKS = { 'KH-MESH-001': { reason: 'test' }, 'KH-SUP-001': { reason: 'test' } };

const ref = (name: string, namespace: string, port: number) => workloadRef({
  name,
  namespace,
  selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name },
  serviceAccountName: name,
  ports: [{ name: 'http', port, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }],
});
const SERVER = ref('server', 'apps', 8080);
const CLIENT = ref('client', 'edge', 8443);
const JWKS = JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }] });

describe('zero-trust conformance |', () => {
  test.each(MESH_MODES.flatMap((mesh) => HIERARCHY.flatMap((mode) => ENGINES.map((engine) => [mesh, mode, engine] as const))))(
    'ZeroTrustNamespace mesh=%s hierarchy=%s imageVerification=%s', (meshMode, mode, imageVerification) => {
      const objects = renderZeroTrustNamespace({
        name: 'apps',
        meshMode,
        imageVerification,
        waypoint: meshMode === 'ambient' ? 'waypoint' : undefined,
        parent: mode === undefined ? undefined : { namespace: 'platform', mode },
        acknowledgements: ACKS,
      }, {}, mode === 'anchor' ? HNC_MANAGED_PROFILE : undefined);
      expect(expectValidCustomResources(objects)).toBeGreaterThan(0);
      expectValidKubernetesObjects(objects);
    });

  const variants: Array<[string, TrafficProps]> = [
    ['sidecar, every feature', {
      allowFrom: [{ peer: CLIENT, ports: [8080], http: [{ methods: ['GET', 'POST'], paths: ['/v1/*'] }] }, { peer: { namespace: 'monitoring' }, ports: [9090] }],
      allowTo: [{ peer: CLIENT }, { peer: { namespace: 'db', podLabels: { app: 'pg' } }, ports: [{ port: 5432 }] }],
      egress: [{ fqdns: ['api.example.com'], fqdnPatterns: ['*.bank.example.com'], ports: [443] }, { cidr: '192.0.2.0/24', except: ['192.0.2.128/25'], ports: [{ port: 53, protocol: 'UDP' }] }],
      jwt: { issuer: 'https://idp.example.com', audiences: ['apps'], jwks: JWKS, fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }], fromParams: ['token'] },
      rateLimit: { requests: 600, per: 'minute', burst: 900, responseHeader: 'x-throttled' },
    }],
    ['ambient with waypoint', {
      meshMode: 'ambient',
      waypoint: 'waypoint',
      allowFrom: [{ peer: CLIENT, http: [{ methods: ['GET'] }] }],
      jwt: { issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks' },
      rateLimit: { requests: 10, per: 'hour' },
    }],
    ['ambient L4 only', { meshMode: 'ambient', allowFrom: [{ peer: CLIENT }], allowTo: [{ peer: CLIENT }] }],
    ['no mesh', { meshMode: 'none', allowFrom: [{ peer: CLIENT }], egress: [{ fqdns: ['api.example.com'], ports: [443] }] }],
    ['nothing declared', {}],
  ];

  test.each(variants)('workload traffic: %s', (_, props) => {
    const objects = renderWorkloadTraffic({ ref: SERVER, labels: { 'app.kubernetes.io/managed-by': 'kube-harden' } }, props);
    expect(expectValidCustomResources(objects)).toBeGreaterThan(0);
    expectValidKubernetesObjects(objects);
  });
});
