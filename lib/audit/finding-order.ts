import type { FindingStatus, ObjectRef } from './finding';

/** Rank of each status in the canonical order of findings (`compareFindings`): counted severities, unknown, acknowledged. */
export const STATUS_RANK: Readonly<Record<FindingStatus, number>> = { error: 0, warning: 1, info: 2, unknown: 3, acknowledged: 4 };

/** The sort key of an object reference in the canonical order of findings. */
export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}/${ref.apiVersion}`;
}

/** `<` order of two strings (UTF-16 code units), as a comparator. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
