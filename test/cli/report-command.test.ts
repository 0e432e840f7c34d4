import { FIXTURES, runCli } from './run-cli';

/** Controls of a JSON compliance report that findings of `ruleId` break. */
async function brokenBy(ruleId: string, args: readonly string[]): Promise<string[]> {
  const result = await runCli(['report', `${FIXTURES}/manifests/privileged-deployment.yaml`, '--format', 'json', ...args]);
  const report = JSON.parse(result.stdout) as { controls: { id: string; brokenBy: { ruleId: string }[] }[] };
  return report.controls.filter((c) => c.brokenBy.some((f) => f.ruleId === ruleId)).map((c) => c.id);
}

describe('kube-harden report', () => {
  test('--allowed-registry is passed to the audit: KH-IMG-004 breaks the MLPS control only with an allow-list', async () => {
    expect(await brokenBy('KH-IMG-004', [])).toEqual([]);
    expect(await brokenBy('KH-IMG-004', ['--allowed-registry', 'registry.example.com'])).toEqual(['8.1.4.6']);
  });
});
