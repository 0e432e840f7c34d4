import { checkDnsLabel, KubeHardenValidationError, Problems, renderSecureDeployment, SecureDeploymentProps } from '../../lib/core';

describe('Problems', () => {
  test('reports every problem at once, each with field, value and fix', () => {
    // GIVEN
    const problems = new Problems();
    checkDnsLabel(problems, 'name', 'Bad_Name');
    checkDnsLabel(problems, 'namespace', '-x');
    // WHEN
    const thrown = (() => {
      try {
        problems.throwIfAny("SecureDeployment 'api'");
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    // THEN
    expect(KubeHardenValidationError.isValidationError(thrown)).toBe(true);
    const error = thrown as KubeHardenValidationError;
    expect(error.problems.map((p) => p.field)).toEqual(['name', 'namespace']);
    expect(error.message).toContain("Invalid SecureDeployment 'api': 2 problems");
    expect(error.message).toContain('name: must be a DNS-1123 label of at most 63 characters (got "Bad_Name"). Fix: use lowercase letters');
  });

  test('does not throw when empty', () => {
    const problems = new Problems();
    expect(() => problems.throwIfAny('x')).not.toThrow();
    expect(problems.isEmpty).toBe(true);
  });

  test('the error points first at the caller: no frame of kube-harden itself comes before the line that passed the props', () => {
    const props = { name: 'Bad_Name', image: 'nginx:latest' } as SecureDeploymentProps;
    let thrown: unknown;
    try {
      renderSecureDeployment(props);
    } catch (e) {
      thrown = e;
    }
    expect(KubeHardenValidationError.isValidationError(thrown)).toBe(true);
    const frames = (thrown as Error).stack!.split('\n').filter((line) => /^\s+at /.test(line));
    expect(frames[0]).toContain('validation.test.ts');
    expect((thrown as Error).stack!.startsWith("KubeHardenValidationError: Invalid SecureDeployment 'Bad_Name'")).toBe(true);
  });
});
