// A cdk8s app as cdk8s's own TypeScript template writes one (template tsconfig.json, `cdk8s synth` via ts-node),
// using kube-harden from its packed tarball. scripts/ci/check-package.sh runs it.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { KubeHardenValidationError } from 'kube-harden';
import { audit } from 'kube-harden/audit';
import { SecureDeployment, ZeroTrustNamespace, workloadRefOf } from 'kube-harden/cdk8s';

const app = new App();
const namespace = new ZeroTrustNamespace(new Chart(app, 'namespaces'), 'shop', { name: 'shop' });
const chart = new Chart(app, 'shop', { namespace: namespace.name });
const legacy = new kplus.Deployment(chart, 'legacy', { containers: [{ image: 'registry.example.com/shop/legacy:2.3.0', portNumber: 8080 }] });
new SecureDeployment(chart, 'api', {
  name: 'api',
  image: 'registry.example.com/shop/api:1.0.0@sha256:9b8a7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081',
  ports: [{ name: 'http', port: 8080 }],
  allowFrom: [{ peer: workloadRefOf(legacy) }],
});
const report = audit(chart.toJson());
const failure: typeof KubeHardenValidationError = KubeHardenValidationError;
console.log(`audit score of the shop chart: ${report.score}; errors are ${failure.name}s`);
app.synth();
