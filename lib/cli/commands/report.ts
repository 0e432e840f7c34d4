import { Option } from 'commander';
import { printable } from '../../audit/format/escape';
import { complianceReport, formatComplianceHtml, formatComplianceJson, formatComplianceMarkdown, STANDARD_IDS, StandardId } from '../../audit/report';
import { CliCommand, EXIT, UsageError } from '../command';
import { readInput } from '../read-input';

const FORMATS = { markdown: formatComplianceMarkdown, html: formatComplianceHtml, json: formatComplianceJson } as const;

interface ReportOptions {
  readonly standard: StandardId;
  readonly format: keyof typeof FORMATS;
  readonly baseline: string[];
  readonly allowedRegistry: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `kube-harden report <paths...> --standard mlps2-l3|pss|cis|nsa --format markdown|html|json [--baseline <path>]`:
 * maps each control to the objects that satisfy it and the findings that break it, with before/after scores.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  register: (program, context) => {
    program.command('report')
      .description('compliance report: each control with the objects that satisfy it and the findings that break it')
      .argument('<paths...>', 'manifest files or directories (- for stdin)')
      .addOption(new Option('-s, --standard <id>', 'standard').choices([...STANDARD_IDS]).default('mlps2-l3'))
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('markdown'))
      .option('--baseline <path>', 'manifests before hardening (repeatable), for before/after scores', collect, [])
      .option('--allowed-registry <prefix>', 'registry images may come from, host or host/path (repeatable), for KH-IMG-004', collect, [])
      .action(async (paths: string[], options: ReportOptions) => {
        const input = await readInput(paths, context.io);
        const baseline = options.baseline.length > 0 ? await readInput(options.baseline, context.io) : undefined;
        const problems = [...input.problems, ...(baseline?.problems ?? [])];
        const skipped = [...input.dockerfiles, ...(baseline?.dockerfiles ?? [])].map((d) => ({
          file: d.file, message: 'Dockerfile not mapped by the compliance report (audit it with kube-harden audit): skipped',
        }));
        const notes = [...input.notes, ...(baseline?.notes ?? []), ...skipped];
        for (const n of notes) context.io.stderr(`kube-harden: note: ${printable(n.file)}: ${printable(n.message)}\n`);
        if (input.manifests.length === 0) throw new UsageError(`no Kubernetes objects in ${paths.join(', ')}`);
        if (baseline && baseline.manifests.length === 0) throw new UsageError(`no Kubernetes objects in the baseline ${options.baseline.join(', ')}`);
        const report = complianceReport(input.manifests.map((m) => m.object), {
          standard: options.standard,
          baseline: baseline?.manifests.map((m) => m.object),
          audit: { allowedRegistries: options.allowedRegistry },
        });
        for (const p of problems) context.io.stderr(`kube-harden: ${printable(p.file)}${p.line !== undefined ? `:${p.line}` : ''}: ${printable(p.message)}\n`);
        context.io.stdout(FORMATS[options.format](report));
        context.exit(problems.length > 0 ? EXIT.USAGE : EXIT.OK);
      });
  },
};
