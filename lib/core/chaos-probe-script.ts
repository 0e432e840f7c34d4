/**
 * The probe script SecurityChaosProbes mounts from a ConfigMap and runs with Node.js (no dependencies).
 *
 * It reads `config.json` (rendered by the core), then:
 * - sends each admission probe as a server-side dry-run Pod create (`dryRun=All`): a probe expecting `denied` passes
 *   only on HTTP 403/422 whose message comes from admission (Pod Security, a webhook or a ValidatingAdmissionPolicy);
 *   RBAC refusals, validation errors and an unreachable API server fail it. A probe expecting `admitted` (the
 *   positive control) passes only on 200/201.
 * - opens each network probe as a TCP connection: `blocked` passes only when nothing reached the target: a timeout,
 *   EHOSTUNREACH or ENETUNREACH, and for an FQDN probe a refused or failed DNS lookup. A refused or reset connection
 *   (`reached`) means the packet got to the target, so it fails a `blocked` probe; so does any other error. `open`
 *   (the positive control) passes only when the connection is established.
 * It prints one JSON line per probe and a summary line, and exits 1 when any probe did not pass.
 *
 * Environment overrides (tests, other clusters): `KH_PROBE_CONFIG`, `KH_API_SERVER` (`http://` allowed only here),
 * `KH_TOKEN_FILE`, `KH_CA_FILE`.
 */
export const CHAOS_PROBE_SCRIPT = String.raw`'use strict';
const fs = require('fs');
const net = require('net');
const http = require('http');
const https = require('https');

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
const config = JSON.parse(fs.readFileSync(process.env.KH_PROBE_CONFIG || '/probe/config.json', 'utf8'));
const apiServer = new URL(process.env.KH_API_SERVER || config.apiServer);
const timeoutMs = config.timeoutSeconds * 1000;
const ADMISSION_REFUSAL = [/violates PodSecurity/, /admission webhook "[^"]+" denied the request/, /ValidatingAdmissionPolicy '[^']+' with binding '[^']+' denied request/];

function readOrNull(file) {
  try { return fs.readFileSync(file, 'utf8').trim(); } catch (e) { return null; }
}

function createPod(namespace, pod) {
  const token = readOrNull(process.env.KH_TOKEN_FILE || SA + '/token');
  const ca = readOrNull(process.env.KH_CA_FILE || SA + '/ca.crt');
  const body = JSON.stringify(pod);
  const client = apiServer.protocol === 'http:' ? http : https;
  return new Promise((resolve) => {
    if (token === null) return resolve({ error: 'no service-account token' });
    const req = client.request({
      method: 'POST',
      hostname: apiServer.hostname,
      port: apiServer.port || (apiServer.protocol === 'http:' ? 80 : 443),
      path: '/api/v1/namespaces/' + encodeURIComponent(namespace) + '/pods?dryRun=All&fieldManager=kube-harden-probe',
      headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json', 'Accept': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      ca: ca === null ? undefined : ca,
      timeout: timeoutMs,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        let message = text;
        try { message = JSON.parse(text).message || text; } catch (e) { /* not JSON */ }
        resolve({ status: res.statusCode, message: String(message).slice(0, 500) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout after ' + config.timeoutSeconds + 's')));
    req.on('error', (e) => resolve({ error: e.code || e.message }));
    req.end(body);
  });
}

async function admissionProbe(p) {
  const r = await createPod(p.namespace, p.pod);
  const base = { probe: p.probe, kind: 'admission', namespace: p.namespace, expected: p.expect };
  if (r.error) return Object.assign(base, { outcome: 'error', passed: false, detail: 'API server unreachable or failed: ' + r.error });
  if (r.status === 200 || r.status === 201) return Object.assign(base, { outcome: 'admitted', status: r.status, passed: p.expect === 'admitted' });
  const refused = (r.status === 403 || r.status === 422) && ADMISSION_REFUSAL.some((re) => re.test(r.message));
  return Object.assign(base, { outcome: refused ? 'denied' : 'error', status: r.status, passed: refused && p.expect === 'denied', detail: r.message });
}

const UNREACHABLE = ['EHOSTUNREACH', 'ENETUNREACH'];
const DNS_REFUSED = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ESERVFAIL', 'EREFUSED'];
const REACHED = ['ECONNREFUSED', 'ECONNRESET'];

function connect(host, port, fqdn) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host, port: port, timeout: timeoutMs });
    const done = (result) => { socket.destroy(); resolve(result); };
    socket.on('connect', () => done({ outcome: 'open' }));
    socket.on('timeout', () => done({ outcome: 'blocked', detail: 'timeout after ' + config.timeoutSeconds + 's' }));
    socket.on('error', (e) => {
      const code = e.code || e.message;
      const blocked = UNREACHABLE.includes(code) || (fqdn && DNS_REFUSED.includes(code));
      done({ outcome: blocked ? 'blocked' : REACHED.includes(code) ? 'reached' : 'error', detail: code });
    });
  });
}

async function networkProbe(p) {
  const r = await connect(p.host, p.port, p.fqdn === true);
  const outcome = r.outcome;
  return { probe: p.probe, kind: 'network', target: p.host + ':' + p.port, expected: p.expect, outcome: outcome, passed: outcome === p.expect, detail: r.detail };
}

(async () => {
  const results = [];
  for (const p of config.admission) results.push(await admissionProbe(p));
  for (const p of config.network) results.push(await networkProbe(p));
  for (const r of results) console.log(JSON.stringify(r));
  const failed = results.filter((r) => !r.passed).length;
  console.log(JSON.stringify({ summary: { probes: results.length, passed: results.length - failed, failed: failed } }));
  process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
})().catch((e) => { console.log(JSON.stringify({ error: String(e && e.stack || e) })); process.exitCode = 1; });
`;
