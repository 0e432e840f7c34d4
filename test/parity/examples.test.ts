/**
 * The two example programs build the same platform: the objects of the cdk8s constructs (the core renders),
 * `cdk8s synth` of every chart, and the Pulumi mock inputs are deep-equal, object by object.
 */
import { Testing } from 'cdk8s';
import { expectSameObjects } from './three-way';
import { buildPaymentPlatform as buildCdk8sPlatform } from '../../examples/cdk8s-payment-platform/main';
import { buildPaymentPlatform as buildPulumiPlatform } from '../../examples/pulumi-payment-platform/platform';
import { K8sObject } from '../../lib/core/manifest';
import { KubeHardenComponent } from '../../lib/pulumi/component';
import { capture } from '../../lib/pulumi/testing';

/** The core renders of every kube-harden construct of a platform (each construct's `objects`). */
function coreObjectsOf(platform: object): K8sObject[] {
  return Object.values(platform)
    .filter((member): member is { objects: readonly K8sObject[] } => Array.isArray((member as { objects?: unknown }).objects))
    .flatMap((member) => [...member.objects]);
}

/** Two whole programs under cdk8s and Pulumi mocks take a few seconds on a loaded machine. */
const PROGRAM_TIMEOUT_MS = 120_000;

describe('parity of the examples: cdk8s-payment-platform = pulumi-payment-platform |', () => {
  test('core = cdk8s synth = Pulumi inputs, object by object, for the whole platform', async () => {
    const app = Testing.app();
    const cdk8sPlatform = buildCdk8sPlatform(app);
    const synthesized = app.charts.flatMap((chart) => Testing.synth(chart) as K8sObject[]);
    const { manifests } = await capture(() => buildPulumiPlatform());

    const count = expectSameObjects({ core: coreObjectsOf(cdk8sPlatform), cdk8s: synthesized, pulumi: manifests });
    expect(count).toBe(synthesized.length);
    expect(count).toBeGreaterThan(30);
  }, PROGRAM_TIMEOUT_MS);

  test('every kube-harden construct of the cdk8s example has a Pulumi component of the same name', async () => {
    const cdk8sPlatform = buildCdk8sPlatform(Testing.app());
    const { result } = await capture(() => buildPulumiPlatform());

    const constructNames = (platform: object, isConstruct: (member: unknown) => boolean) => Object.values(platform)
      .filter(isConstruct)
      .map((member) => member.constructor.name)
      .sort();
    const cdk8sNames = constructNames(cdk8sPlatform, (member) => Array.isArray((member as { objects?: unknown }).objects));
    expect(constructNames(result, (member) => member instanceof KubeHardenComponent)).toEqual(cdk8sNames);
    expect(cdk8sNames).toHaveLength(8);
  }, PROGRAM_TIMEOUT_MS);
});
