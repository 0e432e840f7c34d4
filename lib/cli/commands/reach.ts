import { Option } from 'commander';
import { printable } from '../../audit/format/escape';
import {
  CniChoice, ReachReport, compareExposure, computeReach, formatReachHtml, formatReachJson, formatReachMermaid, formatReachTable,
} from '../../audit/reach';
import { CliCommand, EXIT, UsageError } from '../command';
import { readInput } from '../read-input';
import { addSharedOptions, configFor, emit, excludesFor, SharedOptions } from '../settings';

const FORMATS = { table: formatReachTable, json: formatReachJson, mermaid: formatReachMermaid, html: formatReachHtml } as const;

interface ReachCommandOptions extends SharedOptions {
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
 * exposure (before/after with a baseline). Dockerfiles are skipped with a note.
 */
export const reachCommand: CliCommand = {
  name: 'reach',
  register: (program, context) => {
    const command = program.command('reach')
      .description('who can reach whom: allowed flows under NetworkPolicy, Cilium and Istio, and the lateral-movement exposure')
      .argument('<paths...>', 'manifest files or directories (- for stdin)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('table'))
      .addOption(new Option('--cni <cni>', 'policy engine (default: cilium when the input holds a Cilium policy)').choices(['cilium', 'kubernetes']))
      .option('--baseline <path>', 'manifests to compare the exposure with (repeatable); counted over the workloads both define', collect, []);
    addSharedOptions(command).action(async (paths: string[], options: ReachCommandOptions) => {
      const config = configFor(options, context);
      const exclude = excludesFor(options, config, context.io.cwd);
      const input = await readInput(paths, context.io, { exclude });
      const baseline = options.baseline.length > 0 ? await readInput(options.baseline, context.io, { exclude }) : undefined;
      const problems = [...input.problems, ...(baseline?.problems ?? [])];
      const skipped = [...input.dockerfiles, ...(baseline?.dockerfiles ?? [])].map((d) => ({ file: d.file, message: 'Dockerfile has no network policy: skipped' }));
      for (const n of [...input.notes, ...(baseline?.notes ?? []), ...skipped]) {
        context.io.stderr(`kube-harden: note: ${printable(n.file)}: ${printable(n.message)}\n`);
      }
      for (const p of problems) context.io.stderr(`kube-harden: ${printable(p.file)}${p.line !== undefined ? `:${p.line}` : ''}: ${printable(p.message)}\n`);
      if (input.manifests.length === 0) throw new UsageError(`no Kubernetes objects in ${paths.map(printable).join(', ')}`);
      if (baseline && baseline.manifests.length === 0) throw new UsageError(`no Kubernetes objects in the baseline ${options.baseline.map(printable).join(', ')}`);
      const result = computeReach(input.manifests.map((m) => m.object), { cni: options.cni });
      const report: ReachReport = baseline === undefined ? { result } : {
        result,
        change: compareExposure(computeReach(baseline.manifests.map((m) => m.object), { cni: options.cni }), result),
      };
      emit(FORMATS[options.format](report), options.output, context);
      context.exit(problems.length > 0 ? EXIT.USAGE : EXIT.OK);
    });
  },
};
