import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as kplus33 from 'cdk8s-plus-33';
import { SecureDeployment } from '../../lib/cdk8s/secure-deployment';
import { workloadRefOf } from '../../lib/cdk8s/workload-ref-of';
import { KubeHardenValidationError } from '../../lib/core';

function synthObject(chart: Chart, kind: string, name: string): any {
  const found = Testing.synth(chart).filter((o: any) => o.kind === kind && o.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('workloadRefOf', () => {
  test('GIVEN a cdk8s-plus Deployment WHEN referenced THEN the ref selects exactly its pods, in its chart namespace', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const web = new kplus.Deployment(chart, 'web', {
      containers: [{ image: 'web:1.0', ports: [{ number: 8080, name: 'http' }, { number: 9090 }, { number: 53, protocol: kplus.Protocol.UDP }] }],
    });

    const ref = workloadRefOf(web);

    const deployment = synthObject(chart, 'Deployment', web.name);
    expect(ref.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(ref.selector);
    expect(Object.keys(ref.selector)).toContain('cdk8s.io/metadata.addr');
    expect(ref).toMatchObject({ name: web.name, namespace: 'shop', serviceAccountName: 'default' });
    expect(ref.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'tcp-9090', port: 9090, protocol: 'TCP' },
      { name: 'udp-53', port: 53, protocol: 'UDP' },
    ]);
  });

  test('the workload service account is its mesh identity; a StatefulSet and the namespace option work the same way', () => {
    const chart = Testing.chart();
    const account = new kplus.ServiceAccount(chart, 'db-sa', { metadata: { name: 'db' } });
    const db = new kplus.StatefulSet(chart, 'db', { serviceAccount: account, containers: [{ image: 'redis:7.2', portNumber: 6379 }] });

    const ref = workloadRefOf(db, { namespace: 'data' });

    expect(ref).toMatchObject({ namespace: 'data', serviceAccountName: 'db', ports: [{ name: 'tcp-6379', port: 6379, protocol: 'TCP' }] });
  });

  test('without any namespace it throws the validation error naming the fix', () => {
    const chart = new Chart(new App(), 'no-ns');
    const job = new kplus.Job(chart, 'migrate', { containers: [{ image: 'migrate:1.0' }] });

    expect(() => workloadRefOf(job)).toThrow(KubeHardenValidationError);
    expect(() => workloadRefOf(job)).toThrow(/namespace: is unknown.*pass \{ namespace \}/);
  });

  test('a cdk8s-plus workload is a peer wherever kube-harden takes one: its pods and its identity are allowed in', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const account = new kplus.ServiceAccount(chart, 'web-sa', { metadata: { name: 'web' } });
    const web = new kplus.Deployment(chart, 'web', { serviceAccount: account, containers: [{ image: 'web:1.0', portNumber: 8080 }] });
    const peer = workloadRefOf(web);

    new SecureDeployment(chart, 'api', {
      name: 'api',
      image: 'registry.example.com/shop/api:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      allowFrom: [{ peer }],
    });

    const ingress = synthObject(chart, 'NetworkPolicy', 'api').spec.ingress;
    expect(ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: peer.selector } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
    const principals = synthObject(chart, 'AuthorizationPolicy', 'api').spec.rules.flatMap((r: any) => r.from.flatMap((f: any) => f.source.principals ?? []));
    expect(principals).toEqual(['cluster.local/ns/shop/sa/web']);
  });

  test('a workload of a newer cdk8s-plus (-33) is taken as it is: same selector, identity and ports', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const account = new kplus33.ServiceAccount(chart, 'web-sa', { metadata: { name: 'web' } });
    const web = new kplus33.Deployment(chart, 'web', {
      serviceAccount: account,
      containers: [{ image: 'web:1.0', ports: [{ number: 8080, name: 'http' }, { number: 53, protocol: kplus33.Protocol.UDP }] }],
    });

    const ref = workloadRefOf(web);

    const deployment = synthObject(chart, 'Deployment', web.name);
    expect(ref.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(ref).toMatchObject({ name: web.name, namespace: 'shop', serviceAccountName: 'web' });
    expect(ref.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'udp-53', port: 53, protocol: 'UDP' }]);
  });
});
