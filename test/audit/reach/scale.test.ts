import { deployment } from './helpers';
import {
  Flow, ReachLimitError, computeReach, exposureOf, formatReachHtml, formatReachHtmlChunks, formatReachJson, formatReachJsonChunks,
  formatReachMermaid, formatReachMermaidChunks, formatReachTable, formatReachTableChunks, reachExposure, reachJson,
} from '../../../lib/audit/reach';

/** `n` Deployments in 10 namespaces and no policy: every workload reaches every other. */
const flat = (n: number) => Array.from({ length: n }, (_, i) => deployment(`team-${i % 10}`, `web-${i}`));

const key = (f: Flow): [string, string, number, string] => [f.from, f.to, f.port === '*' ? -1 : f.port, f.protocol];
const before = (a: Flow, b: Flow): boolean => {
  const [x, y] = [key(a), key(b)];
  const i = x.findIndex((v, j) => v !== y[j]);
  return i >= 0 && x[i] < y[i];
};

describe('reach at scale |', () => {
  // 300 workloads: 89,700 pod flows, 600 to the assumed kube-dns (53/TCP, 53/UDP), 300 to 0.0.0.0/0.
  const objects = flat(300);
  const result = computeReach(objects);

  test('every flow once, sorted by source, destination, port and protocol, sharing one allowedBy array per list', () => {
    expect(result.flows).toHaveLength(300 * 299 + 600 + 300);
    expect(result.flows.every((f, i) => i === 0 || before(result.flows[i - 1], f))).toBe(true);
    expect(new Set(result.flows.map((f) => f.allowedBy)).size).toBe(2);
    expect(exposureOf(result)).toMatchObject({ workloads: 300, pairs: 89_700, reachablePairs: 89_700, pairShare: 1 });
  });

  test.each([
    ['table', formatReachTableChunks, formatReachTable],
    ['json', formatReachJsonChunks, formatReachJson],
    ['mermaid', formatReachMermaidChunks, formatReachMermaid],
    ['html', formatReachHtmlChunks, formatReachHtml],
  ] as const)('%s: written in pieces of at most 64 KiB that make the whole text', (_, chunks, whole) => {
    const pieces = [...chunks({ result })];
    expect(pieces.length).toBeGreaterThan(300);
    expect(pieces.every((p) => p.length <= 65_536)).toBe(true);
    expect(pieces.join('')).toBe(whole({ result }));
  });

  test('the streamed JSON is JSON.stringify of reachJson', () => {
    expect(formatReachJson({ result })).toBe(`${JSON.stringify(reachJson({ result }), null, 2)}\n`);
  });
});

describe('ReachOptions.maxFlows |', () => {
  // 30 workloads: 870 pod flows, 60 to kube-dns, 30 to 0.0.0.0/0.
  const objects = flat(30);

  test('up to the limit the flows are computed; one past it, a ReachLimitError names the workloads and the limit', () => {
    expect(computeReach(objects, { maxFlows: 960 }).flows).toHaveLength(960);
    expect(() => computeReach(objects, { maxFlows: 959 })).toThrow(new ReachLimitError(30, 959));
    expect(() => computeReach(objects, { maxFlows: 959 })).toThrow('30 workloads allow more than 959 flows');
  });

  test('the limit error counts the same exposure, going on from where computeReach stopped', () => {
    for (const maxFlows of [0, 40, 959]) {
      let error: unknown;
      try {
        computeReach(objects, { maxFlows });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ReachLimitError);
      expect((error as ReachLimitError).exposure()).toEqual(exposureOf(computeReach(objects)));
    }
    expect(new ReachLimitError(30, 959).exposure()).toBeUndefined();
  });

  test('reachExposure counts what exposureOf(computeReach) gives, whatever the limit', () => {
    expect(reachExposure(objects, { maxFlows: 1 })).toEqual(exposureOf(computeReach(objects)));
    expect(reachExposure(objects).reachablePairs).toBe(870);
  });
});
