import { Command, InvalidArgumentError, Option } from 'commander';
import { AuditOptions, exceedsThreshold, FailOn, unknownIgnoredIds } from '../../audit/engine';
import { AuditRun, formatJsonChunks, formatMarkdownChunks, formatSarifChunks, formatTableChunks, printable } from '../../audit/format';
import { auditSourcesView } from '../../audit/input/audit-sources';
import { InputProblem } from '../../audit/input/parse-manifests';
import { packById, PACKS } from '../../audit/packs/registry';
import { CliCommand, EXIT, UsageError } from '../command';
import { ExcludePattern, InputSource, readInput } from '../read-input';
import {
  addSharedOptions, collect, configFor, configIgnores, configNotes, emitChunks, excludesFor, fromCli, packFor, printNote, printProblem, SharedOptions,
} from '../settings';

/** Output formats of `audit`, as pieces of text (streamed: a report of any size is never one string). */
export const AUDIT_FORMATS: Readonly<Record<'table' | 'json' | 'sarif' | 'markdown', (run: AuditRun) => Iterable<string>>> = {
  table: formatTableChunks,
  json: formatJsonChunks,
  sarif: formatSarifChunks,
  markdown: formatMarkdownChunks,
};

/**
 * Reads `paths` (and the `--context` paths) and audits them. Returns the report and what the output needs of the
 * input, and nothing else of it: the parsed objects and texts (about 330 MB for a 60 MB file) are freed before the
 * report is written.
 */
async function readAndAudit(
  paths: readonly string[],
  contextPaths: readonly string[],
  io: InputSource,
  options: { readonly exclude: readonly ExcludePattern[]; readonly audit: AuditOptions },
): Promise<Pick<AuditRun, 'report' | 'problems' | 'objects' | 'dockerfiles'> & { readonly notes: readonly InputProblem[] }> {
  const input = await readInput(paths, io, { exclude: options.exclude });
  const extra = contextPaths.length > 0 ? await readInput(contextPaths, io) : undefined;
  return {
    report: auditSourcesView(input, { ...options.audit, context: extra?.manifests.map((m) => m.object) }),
    problems: [...input.problems, ...(extra?.problems ?? [])],
    notes: [...input.notes, ...(extra?.notes ?? [])],
    objects: input.manifests.length,
    dockerfiles: input.dockerfiles.length,
  };
}

/** Options of `kube-harden audit`. */
interface AuditCommandOptions extends SharedOptions {
  readonly failIfNoObjects?: boolean;
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

/**
 * `kube-harden audit <paths...>`: audits YAML/JSON manifests, Dockerfiles, directories and `-` (stdin).
 * Exit 0 when clean, 1 on findings at or above `--fail-on` or a score below `--min-score`, 2 on unreadable
 * input or a usage error (the readable rest is still audited and printed).
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  register: (program, context) => {
    const command = program.command('audit')
      .description('audit Kubernetes manifests (YAML, JSON, List, Helm output) and Dockerfiles; "-" reads stdin')
      .argument('<paths...>', 'files, directories (walked recursively) or - for stdin')
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(AUDIT_FORMATS)).default('table'))
      .addOption(new Option('--fail-on <severity>', 'exit 1 on counted findings at or above this severity')
        .choices(['error', 'warning', 'never']).default('error'))
      .option('--min-score <n>', 'exit 1 when the score is below n (0-100)', parseScore)
      .option('--ignore <rule-id>', 'do not run this rule (repeatable, or comma-separated)', collectIds, [])
      .addOption(new Option('--pack <id>', 'rule pack to run').choices(PACKS.map((p) => p.id)).default('kube-harden'))
      .option('--allowed-registry <prefix>', 'registry images may come from, host or host/path (repeatable); without one, KH-IMG-004 does not run', collect, [])
      .option('--context <dir|file>', 'objects rules may see but that are not audited, e.g. Namespaces and policies from elsewhere or a cluster dump (kubectl get ns,netpol,pdb,sa -A -o yaml); repeatable', collect, [])
      .option('--fail-if-no-objects', 'exit 2 when no Kubernetes object and no Dockerfile is read (the default)')
      .option('--no-fail-if-no-objects', 'exit 0 when nothing is read (still noted)');
    addSharedOptions(command).action(async (paths: string[], options: AuditCommandOptions, self: Command) => {
      const config = await configFor(options, context);
      const settings = config?.config ?? {};
      const pack = packFor(self, options.pack, config);
      const ignored = configIgnores(config, pack);
      const unknown = unknownIgnoredIds(options.ignore, pack);
      if (unknown.length > 0) {
        throw new UsageError(`--ignore: unknown rule id ${unknown.map((id) => `'${printable(id)}'`).join(', ')} in pack '${pack}' (see 'kube-harden rules')`);
      }
      const failOn = fromCli(self, 'failOn') ? options.failOn : settings.failOn ?? options.failOn;
      const minScore = options.minScore ?? settings.minScore;
      const allowedRegistries = options.allowedRegistry.length > 0 ? options.allowedRegistry : [...(settings.allowedRegistries ?? [])];
      const failIfNoObjects = options.failIfNoObjects ?? settings.failIfNoObjects ?? true;
      const ignore = [...new Set([...ignored.map((i) => i.rule), ...options.ignore])];
      const { report, problems, notes: inputNotes, objects, dockerfiles } = await readAndAudit(paths, options.context, context.io, {
        exclude: excludesFor(options, config, context.io.cwd),
        audit: { pack: packById(pack), ignore, allowedRegistries },
      });
      const notes = [...configNotes(config, ignored), ...inputNotes];
      const run: AuditRun = { report, problems, notes, objects, dockerfiles, version: context.version, cwd: context.io.cwd };
      await emitChunks(AUDIT_FORMATS[options.format](run), options.output, context);
      for (const problem of problems) printProblem(problem, context);
      // table and Markdown on stdout carry the notes already; JSON, SARIF and --output files need them on stderr
      const notesShown = (options.format === 'table' || options.format === 'markdown') && options.output === undefined;
      for (const note of notesShown ? [] : notes) printNote(note, context);
      const empty = objects === 0 && dockerfiles === 0;
      if (empty && failIfNoObjects) {
        context.io.stderr(`kube-harden: nothing was audited: no Kubernetes object or Dockerfile in ${paths.map((p) => printable(p)).join(', ')} (--no-fail-if-no-objects accepts an empty run)\n`);
      }
      const belowScore = !empty && minScore !== undefined && report.score < minScore;
      if (belowScore) {
        context.io.stderr(`kube-harden: score ${report.score} is below --min-score ${minScore}\n`);
      }
      if (problems.length > 0 || (empty && failIfNoObjects)) {
        context.exit(EXIT.USAGE);
      } else if (belowScore || exceedsThreshold(report, failOn)) {
        context.exit(EXIT.FINDINGS);
      } else {
        context.exit(EXIT.OK);
      }
    });
  },
};
