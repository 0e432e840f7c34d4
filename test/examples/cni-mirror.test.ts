import { Testing } from 'cdk8s';
import { buildPaymentPlatform } from '../../examples/cdk8s-payment-platform/main';
import { uncoveredMirrorRules } from '../helpers/cilium-mirror';

/** On Cilium the example's NetworkPolicy mirrors widen nothing (see test/helpers/cilium-mirror.ts for the upstream semantics). */
describe('examples/cdk8s-payment-platform: the NetworkPolicy mirror is a subset of the CiliumNetworkPolicy', () => {
  const app = Testing.app();
  const platform = buildPaymentPlatform(app);
  const objects = [platform.namespaces, platform.payments, platform.security].flatMap((chart) => Testing.synth(chart));

  test('every mirror has its CiliumNetworkPolicy, and each of its rules is allowed there', () => {
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(4);
    expect(uncoveredMirrorRules(objects)).toEqual([]);
  });
});
