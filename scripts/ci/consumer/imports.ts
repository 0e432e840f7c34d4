// Every public entry point of kube-harden, type-checked under one TypeScript module-resolution mode each
// (node16 CommonJS, nodenext ESM, bundler) by scripts/ci/check-package.sh, then run by Node.
import { CONTROLS, KubeHardenValidationError } from 'kube-harden';
import { audit, MANIFEST_RULES } from 'kube-harden/audit';
import { SecureDeployment, workloadRefOf } from 'kube-harden/cdk8s';
import { SecureDeployment as PulumiSecureDeployment } from 'kube-harden/pulumi';
import { capture } from 'kube-harden/pulumi/testing';
import * as policy from 'kube-harden/pulumi/policy';

const ruleCount: number = MANIFEST_RULES.length;
const score: number = audit([]).score;
const entryPoints: readonly unknown[] = [CONTROLS, KubeHardenValidationError, SecureDeployment, workloadRefOf, PulumiSecureDeployment, capture, policy];
if (entryPoints.some((entry) => entry === undefined) || ruleCount === 0) {
  throw new Error('an entry point of kube-harden resolved to nothing');
}
console.log(`kube-harden entry points resolve: ${ruleCount} rules, empty audit scores ${score}`);
