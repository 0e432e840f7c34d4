import { readFileSync } from 'fs';
import { join } from 'path';
import { GENERATED_FILES, renderGeneratedDocs } from '../../scripts/readme';

describe('README.md |', () => {
  test("the generated sections (example YAML, before/after scores and exposure, standards, reach) are fresh: otherwise run 'npx projen docgen'", () => {
    // GIVEN
    const current = {
      readme: readFileSync(GENERATED_FILES.readme, 'utf8'),
      complianceReport: readFileSync(GENERATED_FILES.complianceReport, 'utf8'),
      networkSemantics: readFileSync(GENERATED_FILES.networkSemantics, 'utf8'),
    };
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // WHEN
    const regenerated = renderGeneratedDocs(current);
    warn.mockRestore();
    // THEN
    expect(regenerated.readme).toBe(current.readme);
    expect(regenerated.complianceReport).toBe(current.complianceReport);
    expect(regenerated.networkSemantics).toBe(current.networkSemantics);
  });

  test('shows the two set-up commands and the test command', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test');
  });
});
