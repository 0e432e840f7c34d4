import { FIXTURES, runCli } from './run-cli';
import { reportDate } from '../../lib/cli/commands/report';

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

  describe('SOURCE_DATE_EPOCH', () => {
    const original = process.env.SOURCE_DATE_EPOCH;
    afterEach(() => {
      if (original === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = original;
    });

    test.each(['markdown', 'html', 'json'])('out of range (past the latest date): --format %s says so and how to fix it, exit 2, no report', async (format) => {
      process.env.SOURCE_DATE_EPOCH = '9999999999999';
      const result = await runCli(['report', `${FIXTURES}/manifests/privileged-deployment.yaml`, '--format', format]);
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: "kube-harden: SOURCE_DATE_EPOCH '9999999999999' is out of range (at most 8640000000000, in the year 275760): set it to the "
          + 'seconds since 1970-01-01 UTC of the date to show (e.g. git log -1 --format=%ct), or unset it to date the report now\n',
      });
    });

    test('the latest date is accepted; a value that is not a whole number of seconds is refused, shown escaped', () => {
      expect(reportDate({ SOURCE_DATE_EPOCH: '8640000000000' })).toBe('+275760-09-13T00:00:00Z');
      expect(() => reportDate({ SOURCE_DATE_EPOCH: '8640000000001' })).toThrow(/^SOURCE_DATE_EPOCH '8640000000001' is out of range/);
      expect(() => reportDate({ SOURCE_DATE_EPOCH: '1.7e9\u001b' })).toThrow(/^SOURCE_DATE_EPOCH '1\.7e9\\u001b' is not a whole number of seconds: set it/);
    });
  });
});
