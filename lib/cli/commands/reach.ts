import { Option } from 'commander';
import {
  CniChoice, ReachReport, compareExposure, computeReach, formatReachHtml, formatReachJson, formatReachMermaid, formatReachTable,
} from '../../audit/reach';
import { CliCommand, EXIT } from '../command';
import { addSharedOptions, collect, configFor, emit, excludesFor, readWithBaseline, SharedOptions } from '../settings';

const FORMATS = { table: formatReachTable, json: formatReachJson, mermaid: formatReachMermaid, html: formatReachHtml } as const;

interface ReachCommandOptions extends SharedOptions {
  readonly format: keyof typeof FORMATS;
  readonly baseline: string[];
  readonly cni?: CniChoice;
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
      const { input, baseline, problems } = await readWithBaseline(
        paths, options.baseline, exclude, 'Dockerfile has no network policy: skipped', context,
      );
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
