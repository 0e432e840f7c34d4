import { readFileSync } from 'node:fs';
import { SCHEMA_FILE, propsSchemaSource } from '../../scripts/props-schema';

// The boundary's schema is derived from the TypeScript props types: a props change without `npx projen docgen` fails here.
test('lib/core/props-schema.generated.ts is fresh (npx projen docgen regenerates it)', () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(propsSchemaSource());
}, 60_000);
