import { Option } from 'commander';
import { printable } from '../../audit/format';
import { InputProblem } from '../../audit/input/parse-manifests';
import {
  ComplianceReportView, complianceReportView, formatComplianceHtmlChunks, formatComplianceJsonChunks, formatComplianceMarkdown, ReportContext,
  STANDARD_IDS, StandardId,
} from '../../audit/report';
import { CliCommand, CommandContext, EXIT, UsageError } from '../command';
import { ExcludePattern, InputNote } from '../read-input';
import { addSharedOptions, collect, configFor, emitChunks, excludesFor, readWithBaseline, SharedOptions } from '../settings';

/** Output formats of `report`, as pieces of text (HTML and JSON list every finding: streamed, never one string). */
const FORMATS: Readonly<Record<'markdown' | 'html' | 'json', (report: ComplianceReportView, context: ReportContext) => Iterable<string>>> = {
  markdown: (report, context) => [formatComplianceMarkdown(report, context)],
  html: formatComplianceHtmlChunks,
  json: formatComplianceJsonChunks,
};

interface ReportOptions extends SharedOptions {
  readonly standard: StandardId;
  readonly format: keyof typeof FORMATS;
  readonly baseline: string[];
  readonly allowedRegistry: string[];
}

/** The latest second a date can hold (ECMAScript dates reach 8.64e15 ms after 1970-01-01, in the year 275760). */
const LATEST_EPOCH_SECONDS = 8_640_000_000_000;

/**
 * When the report is made: `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC, for reproducible builds) when set,
 * else now. A value that is not a whole number of seconds, or is past the latest date, is a `UsageError`.
 */
export function reportDate(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined) {
    const fix = 'set it to the seconds since 1970-01-01 UTC of the date to show (e.g. git log -1 --format=%ct), or unset it to date the report now';
    if (!/^\d+$/.test(epoch)) {
      throw new UsageError(`SOURCE_DATE_EPOCH '${printable(epoch)}' is not a whole number of seconds: ${fix}`);
    }
    if (Number(epoch) > LATEST_EPOCH_SECONDS) {
      throw new UsageError(`SOURCE_DATE_EPOCH '${printable(epoch)}' is out of range (at most ${LATEST_EPOCH_SECONDS}, in the year 275760): ${fix}`);
    }
  }
  const date = epoch === undefined ? now : new Date(Number(epoch) * 1000);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Reads `paths` (and the baseline) and maps them to the controls. Returns the report and what the output needs of the
 * input, and nothing else of it: the objects are freed before the report is written.
 */
async function readAndMap(
  paths: readonly string[], options: ReportOptions, exclude: ExcludePattern[], allowedRegistries: readonly string[], context: CommandContext,
): Promise<{ readonly report: ComplianceReportView; readonly problems: readonly InputProblem[]; readonly notes: readonly InputNote[] }> {
  const { objects, baseline, problems, notes } = await readWithBaseline(
    paths, options.baseline, exclude, 'Dockerfile not mapped by the compliance report (audit it with kube-harden audit): skipped', context,
  );
  const report = complianceReportView(objects, { standard: options.standard, baseline, audit: { allowedRegistries } });
  return { report, problems, notes };
}

/**
 * `kube-harden report <paths...> --standard mlps2-l3|pss|cis|nsa --format markdown|html|json [--baseline <path>]`:
 * maps each control to the objects that satisfy it and the findings that break it, with before/after scores.
 * What it does not map (Dockerfiles, non-Kubernetes YAML) is named in a note and in the HTML report's scope.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  register: (program, context) => {
    const command = program.command('report')
      .description('compliance report: each control with the objects that satisfy it and the findings that break it')
      .argument('<paths...>', 'manifest files or directories (- for stdin)')
      .addOption(new Option('-s, --standard <id>', 'standard').choices([...STANDARD_IDS]).default('mlps2-l3'))
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('markdown'))
      .option('--baseline <path>', 'manifests before hardening (repeatable), for before/after scores', collect, [])
      .option('--allowed-registry <prefix>', 'registry images may come from, host or host/path (repeatable), for KH-IMG-004', collect, []);
    addSharedOptions(command).action(async (paths: string[], options: ReportOptions) => {
      const generatedAt = reportDate();
      const config = await configFor(options, context);
      const exclude = excludesFor(options, config, context.io.cwd);
      const allowedRegistries = options.allowedRegistry.length > 0 ? options.allowedRegistry : [...(config?.config.allowedRegistries ?? [])];
      const { report, problems, notes } = await readAndMap(paths, options, exclude, allowedRegistries, context);
      const reportContext: ReportContext = {
        generatedAt,
        version: context.version,
        inputs: paths,
        baselineInputs: options.baseline,
        notRead: [...problems, ...notes],
      };
      await emitChunks(FORMATS[options.format](report, reportContext), options.output, context);
      context.exit(problems.length > 0 ? EXIT.USAGE : EXIT.OK);
    });
  },
};
