import { deployment, namespace, podFlows, policy } from './helpers';
import { computeReach } from '../../../lib/audit/reach';

// An object of a kind reach reads but of another API group (KIND_GROUPS) is not read as that kind: it is a note, and
// a pod template it carries is a workload like any other's.

describe('kinds of another API group |', () => {
  const objects = [namespace('shop'), deployment('shop', 'web'), deployment('shop', 'other')];

  test('a Calico NetworkPolicy is noted and restricts no flow (a networking.k8s.io one of the same spec does)', () => {
    // projectcalico/calico api/pkg/apis/projectcalico/v3/networkpolicy.go (group `projectcalico.org`, register.go): a
    // string `selector` (`all()`), `types` for the directions. (It used to be read as a NetworkPolicy: no podSelector
    // selects every pod, and it isolated their ingress.)
    const calico = policy('NetworkPolicy', 'shop', 'deny-all', { selector: 'all()', types: ['Ingress', 'Egress'] }, 'projectcalico.org/v3');
    const result = computeReach([...objects, calico], { cni: 'kubernetes' });
    expect(result.notes).toEqual([{
      object: 'NetworkPolicy shop/deny-all',
      message: 'apiVersion projectcalico.org/v3 is not of networking.k8s.io or extensions: reach does not read it as a NetworkPolicy',
    }]);
    const shop = ['shop/web', 'shop/other'];
    expect(podFlows(result.flows, shop)).toEqual(['shop/other -> shop/web:8080/TCP', 'shop/web -> shop/other:8080/TCP']);
    const kubernetes = policy('NetworkPolicy', 'shop', 'deny-all', { podSelector: {} }, 'networking.k8s.io/v1');
    expect(podFlows(computeReach([...objects, kubernetes], { cni: 'kubernetes' }).flows, shop)).toEqual([]);
  });

  test('a Knative Service is noted, and its pods are a workload (it used to be read as a Service without pods)', () => {
    // knative/serving pkg/apis/serving/register.go (group `serving.knative.dev`), pkg/apis/serving/v1/service_types.go:
    // the Service inlines a ConfigurationSpec, whose `template` is a pod template
    const knative = policy('Service', 'shop', 'hello', {
      template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ image: 'x', ports: [{ containerPort: 8080 }] }] } },
    }, 'serving.knative.dev/v1');
    const result = computeReach([...objects, knative], { cni: 'kubernetes' });
    expect(result.notes).toEqual([{
      object: 'Service shop/hello',
      message: 'apiVersion serving.knative.dev/v1 is not of the core group (v1): reach does not read it as a Service',
    }]);
    expect(podFlows(result.flows)).toContain('shop/web -> shop/hello:8080/TCP');
  });
});
