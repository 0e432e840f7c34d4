import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { workloadRef } from '../../lib/core';
import { CHAOS_PROBE_SCRIPT } from '../../lib/core/chaos-probe-script';
import { chaosProbeConfig, NetworkProbeTarget } from '../../lib/core/security-chaos-probes';

/**
 * The probe script runs for real here (node, as in the CronJob) against a fake API server on 127.0.0.1:
 * the fake answers each dry-run Pod create the way a cluster would, and local TCP ports stand in for network paths.
 */

type Answer = { status: number; message: string };
const PSA_DENIAL: Answer = { status: 403, message: 'pods "x" is forbidden: violates PodSecurity "restricted:v1.33": privileged (container "probe" must not set securityContext.privileged=true)' };
const WEBHOOK_DENIAL: Answer = { status: 403, message: 'admission webhook "validate.kyverno.svc-fail" denied the request: deny-latest-tag' };
const RBAC_DENIAL: Answer = { status: 403, message: 'pods is forbidden: User "system:serviceaccount:kube-harden-probes:security-probes" cannot create resource "pods"' };
const CREATED: Answer = { status: 201, message: '' };

let dir: string;
let openPort: number;
let closedPort: number;
let listener: net.Server;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-probe-'));
  fs.writeFileSync(path.join(dir, 'probe.js'), CHAOS_PROBE_SCRIPT);
  fs.writeFileSync(path.join(dir, 'token'), 'fake-token\n');
  listener = net.createServer((s) => s.end());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  openPort = (listener.address() as net.AddressInfo).port;
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const DIGEST = `sha256:${'b'.repeat(64)}`;

/** A forbidden external name that no resolver answers: a DNS refusal, which counts as blocked for an FQDN probe. */
const UNRESOLVABLE_FQDN: NetworkProbeTarget = { name: 'non-allowed-fqdn', host: 'kube-harden-probe.invalid', port: 443 };

function writeConfig(forbidden: readonly NetworkProbeTarget[]): string {
  const config = chaosProbeConfig({
    name: 'security-probes',
    image: `gcr.io/distroless/nodejs22-debian12@${DIGEST}`,
    protectedNamespaces: ['payments'],
    compliantImage: `registry.example.cn/pay/canary:1.0.0@${DIGEST}`,
    forbiddenPaths: forbidden,
    allowedPaths: [{ name: 'allowed-path', host: '127.0.0.1', port: openPort }],
    attemptTimeoutSeconds: 2,
  });
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

interface Run { code: number | null; results: any[]; requests: Array<{ url: string; auth?: string; pod: any }> }

/** Starts a fake API server answering with `answer(probeName)`, runs the script against it and collects its output. */
async function run(answer: (probe: string) => Answer, apiUrl?: string, forbidden = [UNRESOLVABLE_FQDN]): Promise<Run> {
  const requests: Run['requests'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const pod = JSON.parse(body);
      requests.push({ url: req.url ?? '', auth: req.headers.authorization, pod });
      const a = answer(pod.metadata.name.replace('kube-harden-probe-', ''));
      res.writeHead(a.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(a.status < 300 ? pod : { kind: 'Status', status: 'Failure', code: a.status, message: a.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = apiUrl ?? `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const env = { ...process.env, KH_PROBE_CONFIG: writeConfig(forbidden), KH_API_SERVER: url, KH_TOKEN_FILE: path.join(dir, 'token'), KH_CA_FILE: path.join(dir, 'none') };
  const child = spawn(process.execPath, [path.join(dir, 'probe.js')], { env });
  let stdout = '';
  child.stdout.on('data', (c) => { stdout += c; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return { code, results: stdout.trim().split('\n').map((l) => JSON.parse(l)), requests };
}

const result = (r: Run, probe: string) => r.results.find((x) => x.probe === probe);
const cluster = (probe: string): Answer => (probe === 'compliant-pod' ? CREATED : probe === 'latest-image-pod' ? WEBHOOK_DENIAL : PSA_DENIAL);

describe('chaos probe script against a fake API server', () => {
  test('GIVEN admission denies every attack and the network holds THEN every probe passes and the run exits 0', async () => {
    const r = await run(cluster);
    expect(r.code).toBe(0);
    expect(r.results.at(-1)).toEqual({ summary: { probes: 8, passed: 8, failed: 0 } });
    expect(result(r, 'privileged-pod')).toMatchObject({ kind: 'admission', outcome: 'denied', status: 403, passed: true });
    expect(result(r, 'non-allowed-fqdn')).toMatchObject({ kind: 'network', outcome: 'blocked', passed: true });
    expect(result(r, 'non-allowed-fqdn').detail).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
    expect(result(r, 'allowed-path')).toMatchObject({ outcome: 'open', passed: true });
    expect(r.requests.every((q) => q.url.startsWith('/api/v1/namespaces/payments/pods?dryRun=All') && q.auth === 'Bearer fake-token')).toBe(true);
  }, 60_000);

  test('GIVEN a forbidden port refuses the connection (the packet reached the target) THEN the probe fails, it is not blocked', async () => {
    const r = await run(cluster, undefined, [{ name: 'protected-port', host: '127.0.0.1', port: closedPort }]);
    expect(r.code).toBe(1);
    expect(result(r, 'protected-port')).toMatchObject({ outcome: 'reached', expected: 'blocked', passed: false, detail: 'ECONNREFUSED' });
  }, 60_000);

  test('GIVEN a forbidden Service name does not resolve THEN that is an error, not a block (DNS counts only for FQDN probes)', async () => {
    const ledger = workloadRef({ name: 'ledger', namespace: 'payments', serviceAccountName: 'ledger', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], selector: { app: 'ledger' } });
    const r = await run(cluster, undefined, [{ name: 'ledger-from-probes', workload: ledger }]);
    expect(r.code).toBe(1);
    expect(result(r, 'ledger-from-probes')).toMatchObject({ target: 'ledger.payments.svc.cluster.local:8080', outcome: 'error', passed: false });
  }, 60_000);

  test('GIVEN the API server admits the host-PID pod THEN that probe fails and the run exits 1', async () => {
    const r = await run((probe) => (probe === 'host-pid-pod' ? CREATED : cluster(probe)));
    expect(r.code).toBe(1);
    expect(result(r, 'host-pid-pod')).toMatchObject({ outcome: 'admitted', passed: false });
    expect(r.results.at(-1).summary.failed).toBe(1);
  }, 60_000);

  test('GIVEN an RBAC refusal (not an admission refusal) THEN it does not count as a denial', async () => {
    const r = await run((probe) => (probe === 'root-pod' ? RBAC_DENIAL : cluster(probe)));
    expect(r.code).toBe(1);
    expect(result(r, 'root-pod')).toMatchObject({ outcome: 'error', status: 403, passed: false });
  }, 60_000);

  test('GIVEN the compliant pod is denied (over-blocking) THEN the positive control fails the run', async () => {
    const r = await run(() => PSA_DENIAL);
    expect(r.code).toBe(1);
    expect(result(r, 'compliant-pod')).toMatchObject({ expected: 'admitted', outcome: 'denied', passed: false });
  }, 60_000);

  test('GIVEN an unreachable API server THEN every admission probe fails and the run exits 1', async () => {
    const r = await run(cluster, `http://127.0.0.1:${closedPort}`);
    expect(r.code).toBe(1);
    const admission = r.results.filter((x) => x.kind === 'admission');
    expect(admission).toHaveLength(6);
    for (const a of admission) expect(a).toMatchObject({ outcome: 'error', passed: false });
    expect(admission[0].detail).toMatch(/unreachable.*ECONNREFUSED/);
  }, 60_000);
});
