import { RESTRICTED_PROFILE, workloadRef } from '../../lib/core';
import { cronScheduleError } from '../../lib/core/cron-schedule';
import { renderSecurityChaosProbes } from '../../lib/core/security-chaos-probes';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';

// Cases from robfig/cron v3 parser_test.go (TestRange, TestField, TestParseScheduleErrors, TestStandardSpecSchedule,
// TestParseSchedule) run through ParseStandard, which Kubernetes calls in pkg/apis/batch/validation/validation.go
// (validateScheduleFormat), plus that function's own TZ rule.
describe('cronScheduleError (robfig/cron ParseStandard + Kubernetes validateScheduleFormat)', () => {
  test.each([
    '5 * * * *', '0 0 15 */3 *', '* * * * ?', '17 */6 * * *', '  5 * * * *  ', '5\t*\t*\t*\t*',
    // TestRange: single values, ranges, ranges with steps, stars with steps
    '5-5 * * * *', '5-6/2 * * * *', '5-7/1 * * * *', '*/2 * * * *', '5/15 * * * *',
    // TestField: lists (empty list items are skipped by strings.FieldsFunc)
    '1,5-7/2,3 * * * *', '5,6,7 * * * *', '1,,2 * * * *',
    // names are case-insensitive (spec.go bounds)
    '0 0 * JAN-DEC SUN-SAT', '0 0 * jan,Jul mon-fri', '0 0 1 feb/2 *', '0 0 * * sat',
    // bounds: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6
    '59 23 31 12 6', '0 0 1 1 0',
    // descriptors and @every (TestParseSchedule, TestStandardSpecSchedule)
    '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 5m', '@every 1h30m', '@every 1.5h', '@every 0',
  ])('accepts %j', (schedule) => {
    expect(cronScheduleError(schedule)).toBeUndefined();
  });

  test.each([
    ['99 99 99 99 99', 'minute: end of range (99) above maximum (59): 99'],
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 5 * * * *', 'expected exactly 5 fields, found 6: [0 5 * * * *]'],
    ['5 j * * *', 'hour: failed to parse int from j: invalid syntax'],
    ['5--5 * * * *', 'minute: too many hyphens: 5--5'],
    ['0 0 * jan-x *', 'month: failed to parse int from x: invalid syntax'],
    ['2-x * * * *', 'minute: failed to parse int from x: invalid syntax'],
    ['*/-12 * * * *', 'minute: negative number (-12) not allowed: -12'],
    ['*//2 * * * *', 'minute: too many slashes: *//2'],
    ['0 0 0 * *', 'day of month: beginning of range (0) below minimum (1): 0'],
    ['0 24 * * *', 'hour: end of range (24) above maximum (23): 24'],
    ['0 0 * * 7', 'day of week: end of range (7) above maximum (6): 7'],
    ['0 0 * 13 *', 'month: end of range (13) above maximum (12): 13'],
    ['5-3 * * * *', 'minute: beginning of range (5) beyond end of range (3): 5-3'],
    ['*/0 * * * *', 'minute: step of range should be a positive number: */0'],
    ['0 0 * * sunday', 'day of week: failed to parse int from sunday: invalid syntax'],
    ['99999999999999999999 * * * *', 'minute: failed to parse int from 99999999999999999999: value out of range'],
    ['@every Xm', 'failed to parse duration @every Xm'],
    ['@every 5', 'failed to parse duration @every 5'],
    ['@unrecognized', 'unrecognized descriptor: @unrecognized'],
    ['@daily ', 'unrecognized descriptor: @daily '],
    ['0 0 L * *', 'day of month: failed to parse int from L: invalid syntax'],
    // Kubernetes refuses a time zone in the schedule (use spec.timeZone)
    ['CRON_TZ=UTC 5 * * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ['TZ=Asia/Tokyo @midnight', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ])('refuses %j', (schedule, error) => {
    expect(cronScheduleError(schedule)).toBe(error);
  });
});

describe('SecurityChaosProbes schedule', () => {
  const props = {
    name: 'security-probes',
    image: `gcr.io/distroless/nodejs22-debian12:nonroot@sha256:${'a'.repeat(64)}`,
    protectedNamespaces: ['payments'],
    compliantImage: `registry.example.com/pay/canary:1.0.0@sha256:${'a'.repeat(64)}`,
    forbiddenPaths: [{
      name: 'ledger',
      workload: workloadRef({
        name: 'ledger',
        namespace: 'payments',
        serviceAccountName: 'ledger',
        selector: { 'app.kubernetes.io/name': 'ledger' },
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      }),
    }],
  };

  test('a schedule the API server would refuse is refused at construction', () => {
    expect(problemsOf(() => renderSecurityChaosProbes({ ...props, schedule: '99 99 99 99 99' }))).toEqual([
      'schedule: is not a cron schedule the API server accepts (minute: end of range (99) above maximum (59): 99)',
    ]);
    expect(problemsOf(() => renderSecurityChaosProbes({ ...props, schedule: 42 as unknown as string }))).toEqual([
      'schedule: must be a string',
    ]);
  });

  test("a custom profile's default schedule is checked too", () => {
    const profile = { ...RESTRICTED_PROFILE, chaosProbes: { ...RESTRICTED_PROFILE.chaosProbes, schedule: 'CRON_TZ=UTC 0 * * * *' } };
    expect(problemsOf(() => renderSecurityChaosProbes(props, {}, profile))).toEqual([
      'profile.chaosProbes.schedule: is not a cron schedule the API server accepts (cannot use TZ or CRON_TZ in schedule, use timeZone field instead)',
    ]);
  });

  test('an accepted schedule is emitted as given', () => {
    const cron = findObject(renderSecurityChaosProbes({ ...props, schedule: '0 */2 * * MON-FRI' }), 'CronJob', 'security-probes', 'kube-harden-probes');
    expect(cron.spec.schedule).toBe('0 */2 * * MON-FRI');
  });
});
