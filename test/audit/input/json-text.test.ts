import { jsonMemberCount } from '../../../lib/audit/input/json-text';

describe('jsonMemberCount', () => {
  test('counts each string followed by a `:`, not colons, quotes or braces inside strings', () => {
    expect(jsonMemberCount('{"a": 1, "b" :{"c":"d:e"}, "f\\"": ["g", "h\\\\"], "i": "\\":{"}')).toBe(5);
    expect(jsonMemberCount('[]')).toBe(0);
    // the same key twice is two members: JSON.parse keeps one key
    const twice = '{\n  "privileged": true,\n  "privileged": false\n}';
    expect([jsonMemberCount(twice), Object.keys(JSON.parse(twice) as object).length]).toEqual([2, 1]);
  });
});
