import { KubeHardenValidationError } from '../../lib/core';

/** The problems (`field: message`) of the KubeHardenValidationError `fn` throws; fails when it throws nothing or something else. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (KubeHardenValidationError.isValidationError(error)) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a validation error');
}
