import { readFileSync } from 'fs';
import { join } from 'path';
import { renderReadme } from '../../scripts/readme';

describe('README.md |', () => {
  test("the generated sections (example YAML, before/after scores) are fresh: otherwise run 'npx projen docgen'", () => {
    // GIVEN
    const current = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // WHEN
    const regenerated = renderReadme(current);
    warn.mockRestore();
    // THEN
    expect(regenerated).toBe(current);
  });

  test('shows the two set-up commands and the test command', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test');
  });
});
