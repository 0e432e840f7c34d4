import { InvalidArgumentError, Option } from 'commander';
import {
  CniChoice, DEFAULT_MAX_FLOWS, ReachLimitError, ReachNote, ReachOptions, ReachReport, ReachResult, compareExposure, computeReach, exposureLine,
  formatReachHtmlChunks, formatReachJsonChunks, formatReachMermaidChunks, formatReachTableChunks, reachExposure,
} from '../../audit/reach';
import { K8sObject } from '../../core/manifest';
import { CliCommand, CommandContext, EXIT, UsageError } from '../command';
import { addSharedOptions, collect, configFor, emitChunks, excludesFor, printNote, readWithBaseline, SharedOptions } from '../settings';

/** Output formats of `reach`, as pieces of text (a report of any size is never one string). */
const FORMATS: Readonly<Record<'table' | 'json' | 'mermaid' | 'html', (report: ReachReport) => Iterable<string>>> = {
  table: formatReachTableChunks,
  json: formatReachJsonChunks,
  mermaid: formatReachMermaidChunks,
  html: formatReachHtmlChunks,
};

interface ReachCommandOptions extends SharedOptions {
  readonly format: keyof typeof FORMATS;
  readonly baseline: string[];
  readonly cni?: CniChoice;
  readonly maxFlows: number;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}

/**
 * Prints each field of the wrong JSON type that reach read, and each object of a kind reach reads but of another API
 * group (`ReachResult.notes`), to standard error, as
 * `kube-harden: note: <object>: <message>` (`<object> (baseline)` for the baseline's), as the notes on the input are.
 */
function printReachNotes(notes: readonly ReachNote[], baseline: boolean, context: CommandContext): void {
  for (const note of notes) printNote({ file: baseline ? `${note.object} (baseline)` : note.object, message: note.message }, context);
}

/**
 * `computeReach`, or, past `--max-flows`, a UsageError that names the workloads and the ways to narrow the input,
 * then gives the exposure, counted without keeping more flows (`ReachLimitError.exposure`). Either way, the notes
 * (`ReachResult.notes`) are printed first.
 */
function reachOrExplain(objects: readonly K8sObject[], options: ReachOptions, baseline: boolean, context: CommandContext): ReachResult {
  try {
    const result = computeReach(objects, options);
    printReachNotes(result.notes, baseline, context);
    return result;
  } catch (error) {
    if (!(error instanceof ReachLimitError)) throw error;
    printReachNotes(error.notes, baseline, context);
    const exposure = exposureLine(baseline ? 'Baseline exposure' : 'Exposure', error.exposure() ?? reachExposure(objects, options));
    throw new UsageError(`the ${baseline ? 'baseline' : 'input'} has ${error.workloads} workloads that allow more than ${error.maxFlows} flows `
      + '(--max-flows), too many to list: narrow it (fewer paths, --exclude), add policies that isolate workloads, or raise --max-flows\n'
      + `kube-harden: ${exposure}`);
  }
}

/**
 * `kube-harden reach <paths...> [--baseline <paths>] [--cni cilium|kubernetes] [--max-flows <n>] --format table|json|mermaid|html`:
 * the flows the manifests' NetworkPolicies, Cilium policies and Istio authorization allow, and the lateral-movement
 * exposure (before/after with a baseline). Dockerfiles are skipped with a note, and each field of the wrong JSON type
 * read and each object of another API group than the kind reach reads (`ReachResult.notes`) is noted. Past `--max-flows` flows it lists none: it exits 2 with the exposure on standard
 * error.
 */
export const reachCommand: CliCommand = {
  name: 'reach',
  register: (program, context) => {
    const command = program.command('reach')
      .description('who can reach whom: allowed flows under NetworkPolicy, Cilium and Istio, and the lateral-movement exposure')
      .argument('<paths...>', 'manifest files or directories (- for stdin)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('table'))
      .addOption(new Option('--cni <cni>', 'policy engine (default: cilium when the input holds a Cilium policy)').choices(['cilium', 'kubernetes']))
      .option('--baseline <path>', 'manifests to compare the exposure with (repeatable); counted over the workloads both define', collect, [])
      .option('--max-flows <n>', 'exit 2 instead of listing more flows than this (each costs memory)', parseCount, DEFAULT_MAX_FLOWS);
    addSharedOptions(command).action(async (paths: string[], options: ReachCommandOptions) => {
      const config = await configFor(options, context);
      const exclude = excludesFor(options, config, context.io.cwd);
      const { objects, baseline, problems } = await readWithBaseline(
        paths, options.baseline, exclude, 'Dockerfile has no network policy: skipped', context,
      );
      const reachOptions: ReachOptions = { cni: options.cni, maxFlows: options.maxFlows };
      const result = reachOrExplain(objects, reachOptions, false, context);
      const report: ReachReport = baseline === undefined ? { result } : {
        result,
        change: compareExposure(reachOrExplain(baseline, reachOptions, true, context), result),
      };
      await emitChunks(FORMATS[options.format](report), options.output, context);
      context.exit(problems.length > 0 ? EXIT.USAGE : EXIT.OK);
    });
  },
};
