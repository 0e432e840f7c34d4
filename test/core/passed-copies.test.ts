/**
 * The boundary does not copy and check twice what already passed it: a PaymentService's own-data props without its
 * runtime fields reach its workload's boundary marked as SecureDeployment props. That is sound only while the
 * generated schemas say so, which the first test checks.
 */
import * as fc from 'fast-check';
import { checkAgainstSchema, KubeHardenValidationError, Problems, renderPaymentService } from '../../lib/core';
import * as passedCopies from '../../lib/core/passed-copies';
import { PROPS_SCHEMA_DEFINITIONS } from '../../lib/core/props-schema.generated';
import { hostile } from '../helpers/hostile';
import { problemsOf } from '../helpers/problems';
import * as valid from '../helpers/valid-props';

const { markPassed, passedAs } = passedCopies;

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

  test('a copy that passed is not copied again as the same type; anything else is copied and checked', () => {
    const raw = { ...valid.VALID_SECURE_DEPLOYMENT };
    const problems = new Problems();
    const copy = checkAgainstSchema(problems, 'SecureDeploymentProps', { ...raw, sensitivity: 'high' });
    expect(problems.isEmpty).toBe(true);
    expect(copy).not.toBe(raw);
    expect(passedAs(raw, 'SecureDeploymentProps')).toBe(false);
    expect(passedAs(copy, 'SecureDeploymentProps')).toBe(true);
    expect(checkAgainstSchema(new Problems(), 'SecureDeploymentProps', copy)).toBe(copy);
    // As another type it is judged again: here, SecureDeployment props are no PaymentService props.
    const asPayment = new Problems();
    expect(checkAgainstSchema(asPayment, 'PaymentServiceProps', copy)).not.toBe(copy);
    expect(asPayment.list.map((p) => `${p.field}: ${p.message}`)).toEqual(['sensitivity: is not a known field']);
    // A copy that failed is never marked.
    const failed = checkAgainstSchema(new Problems(), 'SecureDeploymentProps', { ...raw, replicas: 'three' });
    expect(passedAs(failed, 'SecureDeploymentProps')).toBe(false);
    markPassed(raw, 'RenderContext');
    expect(passedAs(raw, 'SecureDeploymentProps')).toBe(false);
  });

  test('a PaymentService whose props fail the schema still has its workload checked: problems of both', () => {
    expect(problemsOf(() => renderPaymentService({ ...valid.VALID_PAYMENT_SERVICE, execMode: 'never' as never, replicas: 1 }))).toEqual([
      'execMode: must be one of "audit", "enforce"',
      'replicas: is below the PaymentService minimum of 3 for the \'critical\' tier (control KH-WKL-003)',
      'podDisruptionBudget: would allow all 1 replica(s) to be disrupted at once',
    ]);
  });

  test('hostile PaymentService props: the same objects or the same error as when nothing counts as passed (1,000 cases)', () => {
    let rendered = 0;
    // The same input both ways (rendering only reads it; the generators share some values between instances).
    fc.assert(fc.property(hostile(valid.VALID_PAYMENT_SERVICE), (props) => {
      const fast = outcome(props);
      if (fast.startsWith('[')) rendered++;
      const spy = jest.spyOn(passedCopies, 'passedAs').mockReturnValue(false);
      try {
        expect(outcome(props)).toBe(fast);
        expect(spy).toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    }), { numRuns: 1000 });
    // Some hostile props still render (e.g. an optional field deleted): the marked path is exercised, not only errors.
    expect(rendered).toBeGreaterThan(10);
  });
});
