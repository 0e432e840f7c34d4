/**
 * Parity of connections between two of our workloads, declared in either order: on the callee (`allowFrom`) or on
 * the caller (`allowTo`), with either workload constructed first. The three engines agree in every case, and the
 * same declarations give the same objects whichever workload is constructed first.
 */
import { Chart } from 'cdk8s';
import { ParityCase, byKey, expectSameObjects, renderThreeWays } from './three-way';
import * as cdk8s from '../../lib/cdk8s';
import * as core from '../../lib/core';
import { RenderContext } from '../../lib/core/naming';
import * as pulumi from '../../lib/pulumi';
import { DIGEST } from '../pulumi/fixtures';

const web: core.SecureDeploymentProps = {
  name: 'web', namespace: 'edge', image: `registry.example.com/edge/web:1.0.0@${DIGEST}`, ports: [{ name: 'http', port: 8080 }],
};
const api: core.SecureDeploymentProps = {
  name: 'api', namespace: 'shop', image: `registry.example.com/shop/api:2.0.0@${DIGEST}`, ports: [{ name: 'http', port: 9090 }],
};
/** The refs, known before either workload is constructed (as `workloadRef` gives them). */
const webRef = core.buildSecureDeployment(web).ref;
const apiRef = core.buildSecureDeployment(api).ref;

type Declaration = { readonly web: core.SecureDeploymentProps; readonly api: core.SecureDeploymentProps };

/** web -> api on port 9090, declared on the callee (api.allowFrom) or on the caller (web.allowTo). */
const DECLARATIONS: Array<[string, Declaration]> = [
  ['on the callee (allowFrom)', { web, api: { ...api, allowFrom: [{ peer: webRef, ports: [9090] }] } }],
  ['on the caller (allowTo)', { web: { ...web, allowTo: [{ peer: apiRef, ports: [9090] }] }, api }],
];

function connectionCase(name: string, d: Declaration, order: ReadonlyArray<'web' | 'api'>): ParityCase {
  return {
    name,
    core: (ctx: RenderContext) => order.flatMap((w) => core.renderSecureDeployment(d[w], ctx)),
    cdk8s: (chart: Chart) => order.forEach((w) => new cdk8s.SecureDeployment(chart, w, d[w])),
    pulumi: (context: RenderContext) => order.forEach((w) => new pulumi.SecureDeployment(w, { ...d[w], context })),
  };
}

describe('parity of connections declared in either order |', () => {
  describe.each(DECLARATIONS)('declared %s |', (_, declaration) => {
    test.each([['web first', ['web', 'api']], ['api first', ['api', 'web']]] as const)('core = cdk8s = Pulumi, %s', async (name, order) => {
      const renders = await renderThreeWays(connectionCase(name, declaration, order));

      expect(expectSameObjects(renders)).toBeGreaterThan(8);
    });

    test('the construction order changes nothing', async () => {
      const first = await renderThreeWays(connectionCase('web first', declaration, ['web', 'api']));
      const second = await renderThreeWays(connectionCase('api first', declaration, ['api', 'web']));

      expect(byKey(second.pulumi)).toEqual(byKey(first.pulumi));
      expect(byKey(second.cdk8s)).toEqual(byKey(first.cdk8s));
    });
  });

  test('in both declarations the caller\'s NetworkPolicies let it reach the callee on 9090', async () => {
    for (const [, declaration] of DECLARATIONS) {
      const { pulumi: objects } = await renderThreeWays(connectionCase('web first', declaration, ['web', 'api']));
      const egressToApi = objects
        .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'edge')
        .filter((o) => (o.spec as any).podSelector.matchLabels['app.kubernetes.io/instance'] === 'web')
        .flatMap((o) => (o.spec as any).egress ?? [])
        .filter((rule: any) => rule.to?.some((peer: any) => peer.podSelector?.matchLabels?.['app.kubernetes.io/instance'] === 'api'));
      expect(egressToApi.flatMap((rule: any) => rule.ports)).toContainEqual({ port: 9090, protocol: 'TCP' });
    }
  });
});
