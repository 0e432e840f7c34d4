import { KubeHardenValidationError } from '../../lib/core';

/** The problems of the KubeHardenValidationError `fn` throws; fails when it throws nothing or something else. */
export function validationProblemsOf(fn: () => unknown): KubeHardenValidationError['problems'] {
  try {
    fn();
  } catch (error) {
    if (KubeHardenValidationError.isValidationError(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a validation error');
}

/** The problems (`field: message`) of the KubeHardenValidationError `fn` throws; fails when it throws nothing or something else. */
export function problemsOf(fn: () => unknown): string[] {
  return validationProblemsOf(fn).map((p) => `${p.field}: ${p.message}`);
}

/** A revoked Proxy: every read of it throws a TypeError. */
export function revokedProxy(): never {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  return revocable.proxy as never;
}
