import { ESCAPED_NAME, hasRawControl, HOSTILE_POD } from './hostile-name';
import { computeReach, formatReachTable } from '../../../lib/audit/reach';

describe('reach table |', () => {
  test('names from the input are shown escaped: no forged CNI or Exposure line, no raw ESC or bidi override', () => {
    const table = formatReachTable({ result: computeReach([HOSTILE_POD]) });
    expect(hasRawControl(table)).toBe(false);
    expect(table.split('\n').filter((line) => line.startsWith('CNI:') || line.startsWith('Exposure:'))).toEqual([
      'CNI: kubernetes', 'Exposure: 0/0 workload pairs reachable (0.0 %), 0/0 pair-ports (0.0 %)',
    ]);
    expect(table).toContain(`shop/${ESCAPED_NAME}  `);
  });
});
