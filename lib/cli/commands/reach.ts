import { Option } from 'commander';
import {
  CniChoice, ReachReport, compareExposure, computeReach, formatReachHtml, formatReachJson, formatReachMermaid, formatReachTable,
} from '../../audit/reach';
import { CliCommand, EXIT, UsageError } from '../command';
import { readInput } from '../read-input';

const FORMATS = { table: formatReachTable, json: formatReachJson, mermaid: formatReachMermaid, html: formatReachHtml } as const;

interface ReachCommandOptions {
  readonly format: keyof typeof FORMATS;
  readonly baseline: string[];
  readonly cni?: CniChoice;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `kube-harden reach <paths...> [--baseline <paths>] [--cni cilium|kubernetes] --format table|json|mermaid|html`:
 * the flows the manifests' NetworkPolicies, Cilium policies and Istio authorization allow, and the lateral-movement
 * exposure (before/after with a baseline).
 */
export const reachCommand: CliCommand = {
  name: 'reach',
  register: (program, context) => {
    program.command('reach')
      .description('who can reach whom: allowed flows under NetworkPolicy, Cilium and Istio, and the lateral-movement exposure')
      .argument('<paths...>', 'manifest files or directories (- for stdin)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('table'))
      .addOption(new Option('--cni <cni>', 'policy engine (default: cilium when the input holds a Cilium policy)').choices(['cilium', 'kubernetes']))
      .option('--baseline <path>', 'manifests to compare the exposure with (repeatable); counted over the workloads both define', collect, [])
      .action(async (paths: string[], options: ReachCommandOptions) => {
        const input = await readInput(paths, context.io);
        const baseline = options.baseline.length > 0 ? await readInput(options.baseline, context.io) : undefined;
        const problems = [...input.problems, ...(baseline?.problems ?? [])];
        for (const p of problems) context.io.stderr(`kube-harden: ${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}\n`);
        if (input.manifests.length === 0) throw new UsageError(`no Kubernetes objects in ${paths.join(', ')}`);
        if (baseline && baseline.manifests.length === 0) throw new UsageError(`no Kubernetes objects in the baseline ${options.baseline.join(', ')}`);
        const result = computeReach(input.manifests.map((m) => m.object), { cni: options.cni });
        const report: ReachReport = baseline === undefined ? { result } : {
          result,
          change: compareExposure(computeReach(baseline.manifests.map((m) => m.object), { cni: options.cni }), result),
        };
        context.io.stdout(FORMATS[options.format](report));
        context.exit(problems.length > 0 ? EXIT.USAGE : EXIT.OK);
      });
  },
};
