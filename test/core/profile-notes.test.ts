import { PROFILE_NOTES, RESTRICTED_PROFILE } from '../../lib/core';

/** Dotted paths of every leaf (scalar or array) of `value`. */
function leaves(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [prefix];
  }
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

describe('PROFILE_NOTES', () => {
  test('every leaf of RESTRICTED_PROFILE has a note (tiers.* notes cover every tier)', () => {
    const missing = leaves(RESTRICTED_PROFILE)
      .filter((path) => PROFILE_NOTES[path] === undefined && PROFILE_NOTES[path.replace(/^tiers\.[a-z]+\./, 'tiers.*.')] === undefined);
    expect(missing).toEqual([]);
  });

  test('every note explains why and how to override', () => {
    for (const note of Object.values(PROFILE_NOTES)) {
      expect(note.why.length).toBeGreaterThan(0);
      expect(note.override.length).toBeGreaterThan(0);
    }
  });
});
