import { InvalidArgumentError, Option } from 'commander';
import { exceedsThreshold, FailOn, unknownIgnoredIds } from '../../audit/engine';
import { AuditRun, formatJson, formatMarkdown, formatSarif, formatTable } from '../../audit/format';
import { auditSources } from '../../audit/input/audit-sources';
import { packById, PACKS } from '../../audit/packs/registry';
import { CliCommand, EXIT, UsageError } from '../command';
import { readInput } from '../read-input';

/** Output formats of `audit`. */
export const AUDIT_FORMATS = { table: formatTable, json: formatJson, sarif: formatSarif, markdown: formatMarkdown } as const;

/** Options of `kube-harden audit`. */
interface AuditCommandOptions {
  readonly format: keyof typeof AUDIT_FORMATS;
  readonly failOn: FailOn;
  readonly minScore?: number;
  readonly ignore: string[];
  readonly pack: string;
  readonly allowedRegistry: string[];
  readonly context: string[];
}

function parseScore(value: string): number {
  const score = Number(value);
  if (!/^\d+$/.test(value.trim()) || score > 100) {
    throw new InvalidArgumentError('expected an integer from 0 to 100.');
  }
  return score;
}

function collectIds(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((id) => id.trim()).filter((id) => id.length > 0)];
}

function collectValue(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `kube-harden audit <paths...>`: audits YAML/JSON manifests, Dockerfiles, directories and `-` (stdin).
 * Exit 0 when clean, 1 on findings at or above `--fail-on` or a score below `--min-score`, 2 on unreadable
 * input or a usage error (the readable rest is still audited and printed).
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  register: (program, context) => {
    program.command('audit')
      .description('audit Kubernetes manifests (YAML, JSON, List, Helm output) and Dockerfiles; "-" reads stdin')
      .argument('<paths...>', 'files, directories (walked recursively) or - for stdin')
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(AUDIT_FORMATS)).default('table'))
      .addOption(new Option('--fail-on <severity>', 'exit 1 on counted findings at or above this severity')
        .choices(['error', 'warning', 'never']).default('error'))
      .option('--min-score <n>', 'exit 1 when the score is below n (0-100)', parseScore)
      .option('--ignore <rule-id>', 'do not run this rule (repeatable, or comma-separated)', collectIds, [])
      .addOption(new Option('--pack <id>', 'rule pack to run').choices(PACKS.map((p) => p.id)).default('kube-harden'))
      .option('--allowed-registry <prefix>', 'registry images may come from, host or host/path (repeatable); without one, KH-IMG-004 does not run', collectValue, [])
      .option('--context <dir|file>', 'objects rules may see but that are not audited, e.g. Namespaces and policies from elsewhere or a cluster dump (kubectl get ns,netpol,pdb,sa -A -o yaml); repeatable', collectValue, [])
      .action(async (paths: string[], options: AuditCommandOptions) => {
        const unknown = unknownIgnoredIds(options.ignore, options.pack);
        if (unknown.length > 0) {
          throw new UsageError(`--ignore: unknown rule id ${unknown.map((id) => `'${id}'`).join(', ')} in pack '${options.pack}' (see 'kube-harden rules')`);
        }
        const input = await readInput(paths, context.io);
        const extra = options.context.length > 0 ? await readInput(options.context, context.io) : undefined;
        const report = auditSources(input, {
          pack: packById(options.pack),
          ignore: options.ignore,
          allowedRegistries: options.allowedRegistry,
          context: extra?.manifests.map((m) => m.object),
        });
        const problems = [...input.problems, ...(extra?.problems ?? [])];
        const run: AuditRun = {
          report,
          problems,
          objects: input.manifests.length,
          dockerfiles: input.dockerfiles.length,
          version: context.version,
          cwd: context.io.cwd,
        };
        context.io.stdout(AUDIT_FORMATS[options.format](run));
        for (const problem of problems) {
          context.io.stderr(`kube-harden: ${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}\n`);
        }
        const belowScore = options.minScore !== undefined && report.score < options.minScore;
        if (belowScore) {
          context.io.stderr(`kube-harden: score ${report.score} is below --min-score ${options.minScore}\n`);
        }
        if (problems.length > 0) {
          context.exit(EXIT.USAGE);
        } else if (belowScore || exceedsThreshold(report, options.failOn)) {
          context.exit(EXIT.FINDINGS);
        } else {
          context.exit(EXIT.OK);
        }
      });
  },
};
