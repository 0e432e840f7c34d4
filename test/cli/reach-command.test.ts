import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { FIXTURES, ROOT, runCli, tempDir } from './run-cli';
import { K8sObject } from '../../lib/core';
import { baselinePlatform, deployment, examplePlatform } from '../audit/reach/helpers';

const yaml = (objects: readonly K8sObject[]): string => objects.map((o) => stringify(o)).join('---\n');

describe('kube-harden reach', () => {
  const dist = tempDir({ 'platform.k8s.yaml': yaml(examplePlatform()) });
  const baseline = tempDir({ 'baseline.k8s.yaml': yaml(baselinePlatform()) });

  test('--format json: the gateway -> payment-service:8080 flow, nothing back, and the exposure against a baseline', async () => {
    const result = await runCli(['reach', dist, '--format', 'json', '--baseline', baseline]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      cni: string;
      flows: Array<{ from: string; to: string; port: number; protocol: string; allowedBy: string[] }>;
      exposure: {
        current: { pairShare: number; workloads: number }; baseline: { pairShare: number }; pairReduction: number; commonWorkloads: boolean;
      };
    };
    expect(json.cni).toBe('cilium');
    const between = json.flows.filter((f) => f.to === 'payments/api-gateway' || f.to === 'payments/payment-service');
    expect(between).toEqual([expect.objectContaining({ from: 'payments/api-gateway', to: 'payments/payment-service', port: 8080, protocol: 'TCP' })]);
    expect(between[0].allowedBy).toEqual(expect.arrayContaining(['CiliumNetworkPolicy/payments/payment-service', 'NetworkPolicy/payments/payment-service']));
    // Counted over the two workloads both define (the probe CronJob exists only in the hardened platform).
    expect(json.exposure).toMatchObject({
      commonWorkloads: true, baseline: { pairShare: 1 }, current: { workloads: 2, pairShare: 0.5 }, pairReduction: 0.5,
    });
  });

  test('--cni kubernetes drops the FQDN flow; table, mermaid and html render the same flows', async () => {
    const json = JSON.parse((await runCli(['reach', dist, '--format', 'json', '--cni', 'kubernetes'])).stdout) as { cni: string; flows: Array<{ to: string }> };
    expect(json.cni).toBe('kubernetes');
    expect(json.flows.some((f) => f.to.startsWith('fqdn:'))).toBe(false);
    const table = (await runCli(['reach', dist])).stdout;
    expect(table).toMatch(/payments\/api-gateway\s+payments\/payment-service\s+8080\/TCP/);
    expect(table).toContain('Exposure: 1/6 workload pairs reachable (16.7 %)');
    const mermaid = (await runCli(['reach', dist, '--format', 'mermaid'])).stdout;
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid).toMatch(/n\d+ -->\|"8080\/TCP"\| n\d+/);
    const html = (await runCli(['reach', dist, '--format', 'html', '--baseline', baseline])).stdout;
    expect(html).toContain('<table>');
    expect(html).toMatch(/<td class="open" title="8080\/TCP: [^"]*">8080\/TCP<\/td>/);
    expect(html).not.toMatch(/<script|https?:\/\/|<link/);
  });

  test('no objects: usage error; a malformed file is reported and the rest still computed', async () => {
    expect((await runCli(['reach', tempDir({ 'empty.yaml': '' })])).code).toBe(2);
    const dir = tempDir({ 'a.yaml': yaml(baselinePlatform()), 'bad.yaml': 'kind: [' });
    const result = await runCli(['reach', dir, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml');
    expect(JSON.parse(result.stdout).flows.length).toBeGreaterThan(0);
  });

  test('shared options: --output writes the file, --exclude skips paths, a Dockerfile is skipped with a note', async () => {
    const dir = tempDir({ 'a.yaml': yaml(baselinePlatform()), 'skip/b.yaml': 'kind: [', 'Dockerfile': 'FROM scratch\n' });
    const out = path.join(tempDir({}), 'reach.json');
    const result = await runCli(['reach', '.', '--format', 'json', '--exclude', 'skip/**', '--output', out], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Dockerfile has no network policy: skipped');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).flows.length).toBeGreaterThan(0);
  });

  test('a NetworkPolicy of another API group (Calico) is a note on standard error naming the object; it enforces nothing', async () => {
    // projectcalico/calico api/pkg/apis/projectcalico/v3/networkpolicy.go: group projectcalico.org, a string selector
    const calico = { apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'a' }, spec: { selector: 'all()', types: ['Ingress'] } };
    const dir = tempDir({ 'a.yaml': yaml([deployment('a', 'web'), deployment('b', 'client'), calico as K8sObject]) });
    const result = await runCli(['reach', dir, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('kube-harden: note: NetworkPolicy a/deny: apiVersion projectcalico.org/v3 is not of networking.k8s.io or extensions: '
      + 'reach does not read it as a NetworkPolicy\n');
    expect(JSON.parse(result.stdout).flows).toContainEqual(expect.objectContaining({ from: 'b/client', to: 'a/web', allowedBy: ['unrestricted:egress', 'unrestricted:ingress'] }));
  });

  test('a field of the wrong JSON type is a note on standard error naming the object; its policy enforces nothing', async () => {
    const rejected = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'a' }, spec: { podSelector: {}, policyTypes: 'Ingress' } };
    const dir = tempDir({ 'a.yaml': yaml([deployment('a', 'web'), deployment('b', 'client'), rejected as K8sObject]) });
    const result = await runCli(['reach', dir, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('kube-harden: note: NetworkPolicy a/deny: spec.policyTypes is a string, not a list: Kubernetes rejects the object; '
      + 'reach lets the policy allow, deny and isolate nothing\n');
    expect(JSON.parse(result.stdout).flows).toContainEqual(expect.objectContaining({ from: 'b/client', to: 'a/web', allowedBy: ['unrestricted:egress', 'unrestricted:ingress'] }));
    const withBaseline = await runCli(['reach', baseline, '--baseline', dir]);
    expect(withBaseline.stderr).toContain('kube-harden: note: NetworkPolicy a/deny (baseline): spec.policyTypes is a string, not a list');
  });

  test('same input, same bytes', async () => {
    const a = await runCli(['reach', dist, '--format', 'html']);
    const b = await runCli(['reach', dist, '--format', 'html']);
    expect(a.stdout).toBe(b.stdout);
  });

  // Written by the build before the formats were streamed (commit 2a52f3e): each format must keep its bytes.
  test.each([
    ['table', 'txt'], ['json', 'json'], ['mermaid', 'mmd'], ['html', 'html'],
  ])('--format %s: the same bytes as before streaming, with a baseline and under kubernetes', async (format, ext) => {
    const expected = (name: string): string => fs.readFileSync(path.join(ROOT, FIXTURES, 'reach', `${name}.${ext}`), 'utf8');
    expect((await runCli(['reach', dist, '--format', format, '--baseline', baseline])).stdout).toBe(expected('platform-baseline'));
    expect((await runCli(['reach', dist, '--format', format, '--cni', 'kubernetes'])).stdout).toBe(expected('platform-kubernetes'));
  });

  describe('--max-flows', () => {
    // 12 workloads without a policy: 132 pod flows, 24 to the assumed kube-dns, 12 to 0.0.0.0/0.
    const flat = tempDir({ 'flat.yaml': yaml(Array.from({ length: 12 }, (_, i) => deployment(`team-${i % 3}`, `web-${i}`))) });

    test('past the limit: exit 2, nothing listed, a message that says how to narrow the input, and the exposure', async () => {
      const result = await runCli(['reach', flat, '--max-flows', '167']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'kube-harden: the input has 12 workloads that allow more than 167 flows (--max-flows), too many to list: narrow it '
          + '(fewer paths, --exclude), add policies that isolate workloads, or raise --max-flows\n'
          + 'kube-harden: Exposure: 132/132 workload pairs reachable (100.0 %), 132/132 pair-ports (100.0 %)\n',
      );
    });

    test('at the limit the flows are listed; a baseline past it is named', async () => {
      const atLimit = await runCli(['reach', flat, '--max-flows', '168', '--format', 'json']);
      expect(atLimit.code).toBe(0);
      expect(JSON.parse(atLimit.stdout).flows).toHaveLength(168);
      const withBaseline = await runCli(['reach', baseline, '--baseline', flat, '--max-flows', '168']);
      expect(withBaseline.code).toBe(0);
      const past = await runCli(['reach', baseline, '--baseline', flat, '--max-flows', '100']);
      expect(past.code).toBe(2);
      expect(past.stderr).toMatch(/^kube-harden: the baseline has 12 workloads that allow more than 100 flows .*\nkube-harden: Baseline exposure: 132\/132 /);
    });

    test('a value that is not a whole number is a usage error', async () => {
      const result = await runCli(['reach', flat, '--max-flows', 'many']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("option '--max-flows <n>' argument 'many' is invalid. expected a whole number.");
    });
  });
});
