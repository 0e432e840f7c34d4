/**
 * The boundary does not copy and check twice what it has just checked: a PaymentService whose props, context and
 * profile passed its boundary vouches for its workload's props (its own without the runtime fields), and the workload's
 * boundary takes the voucher. That is sound only while the generated schemas say so, which the first test checks.
 */
import * as fc from 'fast-check';
import {
  CheckedInputs, checkAgainstSchema, K8sObject, KubeHardenValidationError, Problems, renderPaymentService, renderSecureDeployment, withBoundary,
} from '../../lib/core';
import * as passedCopies from '../../lib/core/passed-copies';
import { PROPS_SCHEMA_DEFINITIONS } from '../../lib/core/props-schema.generated';
import { hostile } from '../helpers/hostile';
import { problemsOf } from '../helpers/problems';
import * as valid from '../helpers/valid-props';

const { takeVouched, vouch, wasClean } = passedCopies;

/** What rendering `props` gives: the objects' JSON, or the error (its message shows each problem's value). */
function outcome(props: unknown): string {
  try {
    return JSON.stringify(renderPaymentService(props as never));
  } catch (error) {
    if (!KubeHardenValidationError.isValidationError(error)) return `crash: ${String(error)}`;
    return `${error.message}\n${JSON.stringify(error.problems.map((p) => [p.field, p.message, p.fix]))}`;
  }
}

interface ObjectSchema {
  readonly properties: Record<string, unknown>;
  readonly required: readonly string[];
  readonly additionalProperties: unknown;
  readonly type: unknown;
}

const PAYMENT_ONLY = ['allowedExecutables', 'execMode', 'signatureVerification'];

describe('copies that passed the boundary |', () => {
  test('PaymentServiceProps without its runtime fields are SecureDeploymentProps: same fields (but sensitivity), schemas, required, no others', () => {
    const payment = PROPS_SCHEMA_DEFINITIONS.PaymentServiceProps as ObjectSchema;
    const workload = PROPS_SCHEMA_DEFINITIONS.SecureDeploymentProps as ObjectSchema;
    const shared = Object.keys(payment.properties).filter((key) => !PAYMENT_ONLY.includes(key));
    expect(Object.keys(payment.properties).filter((key) => PAYMENT_ONLY.includes(key)).sort()).toEqual(PAYMENT_ONLY);
    expect(Object.keys(workload.properties).filter((key) => key !== 'sensitivity').sort()).toEqual(shared.sort());
    for (const key of shared) expect([key, workload.properties[key]]).toEqual([key, payment.properties[key]]);
    expect([...workload.required].sort()).toEqual([...payment.required].filter((key) => !PAYMENT_ONLY.includes(key)).sort());
    expect([payment.additionalProperties, workload.additionalProperties, payment.type, workload.type]).toEqual([false, false, 'object', 'object']);
  });

  test('a copy the boundary gave out is checked in full when it comes back, changed or not', () => {
    const problems = new Problems();
    const copy = checkAgainstSchema(problems, 'SecureDeploymentProps', valid.VALID_SECURE_DEPLOYMENT) as Record<string, unknown>;
    expect(problems.isEmpty).toBe(true);
    copy.replicas = 'three';
    expect(problemsOf(() => renderSecureDeployment(copy as never))).toEqual(['replicas: must be an integer']);
    let inputs: CheckedInputs<Record<string, unknown>> | undefined;
    withBoundary('Test', 'SecureDeploymentProps', { props: valid.VALID_SECURE_DEPLOYMENT, context: {} }, (checked: CheckedInputs<Record<string, unknown>>) => {
      inputs = checked;
    });
    expect(wasClean(inputs!)).toBe(true);
    // the clean copies are frozen before the body runs; a changed copy of them is checked in full
    expect(() => { inputs!.props.image = 'Not An Image'; }).toThrow(TypeError);
    expect(problemsOf(() => renderSecureDeployment({ ...inputs!.props, image: 'Not An Image' } as never, inputs!.context))).toEqual(['image: is not a valid image reference']);
  });

  test('an inherited getter the body reads cannot change a checked copy that is then vouched for (found in review)', () => {
    // Reading an absent optional field (execMode) runs a getter on Object.prototype with the checked copy as `this`.
    const props = { ...valid.VALID_PAYMENT_SERVICE };
    Object.defineProperty(Object.prototype, 'execMode', {
      configurable: true,
      get(this: Record<string, unknown>) {
        if (this !== props && Object.prototype.hasOwnProperty.call(this, 'image')) this.automountServiceAccountToken = 'yes';
        return undefined;
      },
    });
    try {
      let rendered: readonly K8sObject[] | undefined;
      try {
        rendered = renderPaymentService(props as never);
      } catch (error) {
        expect(String(error)).toMatch(/not extensible|read only/);
      }
      const deployment = rendered?.find((o) => o.kind === 'Deployment') as { spec: { template: { spec: Record<string, unknown> } } } | undefined;
      expect(deployment?.spec.template.spec.automountServiceAccountToken).not.toBe('yes');
    } finally {
      delete (Object.prototype as { execMode?: unknown }).execMode;
    }
  });

  test('a voucher is taken once, and only with the same context and profile', () => {
    let inputs: CheckedInputs<Record<string, unknown>> | undefined;
    withBoundary('Test', 'SecureDeploymentProps', { props: valid.VALID_SECURE_DEPLOYMENT, context: {} }, (checked: CheckedInputs<Record<string, unknown>>) => {
      inputs = checked;
    });
    const props = { ...inputs!.props };
    const raw = { props, context: inputs!.context, profile: inputs!.profile };
    vouch(props, 'SecureDeploymentProps', inputs!);
    expect(takeVouched({ ...raw, context: {} }, 'SecureDeploymentProps')).toBe(false);
    vouch(props, 'SecureDeploymentProps', inputs!);
    expect(takeVouched(raw, 'PaymentServiceProps')).toBe(false);
    vouch(props, 'SecureDeploymentProps', inputs!);
    expect(takeVouched(raw, 'SecureDeploymentProps')).toBe(true);
    expect(takeVouched(raw, 'SecureDeploymentProps')).toBe(false);
    // Only the clean inputs of a boundary can vouch.
    vouch(props, 'SecureDeploymentProps', { ...inputs! });
    expect(takeVouched(raw, 'SecureDeploymentProps')).toBe(false);
  });

  test('a PaymentService whose props fail the schema still has its workload checked: problems of both', () => {
    expect(problemsOf(() => renderPaymentService({ ...valid.VALID_PAYMENT_SERVICE, execMode: 'never' as never, replicas: 1 }))).toEqual([
      'execMode: must be one of "audit", "enforce"',
      'replicas: is below the PaymentService minimum of 3 for the \'critical\' tier (control KH-WKL-003)',
      'podDisruptionBudget: would allow all 1 replica(s) to be disrupted at once',
    ]);
  });

  test('hostile PaymentService props: the same objects or the same error as without vouchers (1,000 cases)', () => {
    let rendered = 0;
    let withoutVoucher = 0;
    // The same input both ways (rendering only reads it; the generators share some values between instances).
    fc.assert(fc.property(hostile(valid.VALID_PAYMENT_SERVICE), (props) => {
      const fast = outcome(props);
      if (fast.startsWith('[')) rendered++;
      const spy = jest.spyOn(passedCopies, 'vouch').mockImplementation(() => undefined);
      try {
        expect(outcome(props)).toBe(fast);
        withoutVoucher += spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    }), { numRuns: 1000 });
    // Some hostile props still render (e.g. an optional field deleted): the marked path is exercised, not only errors.
    expect(rendered).toBeGreaterThan(10);
    expect(withoutVoucher).toBeGreaterThan(rendered);
  });
});
