import { Command } from 'commander';
import { CliIo } from './io';

/** Exit codes of `kube-harden`. */
export const EXIT = {
  /** Nothing at or above the threshold. */
  OK: 0,
  /** Findings at or above `--fail-on`, or a score below `--min-score`. */
  FINDINGS: 1,
  /** Unreadable input or a usage error. */
  USAGE: 2,
} as const;

/** A usage error (bad option value, unknown rule id): printed and exits with code 2. */
export class UsageError extends Error {}

/** What a command's action can use. */
export interface CommandContext {
  /** Streams and working directory. */
  readonly io: CliIo;
  /** kube-harden version. */
  readonly version: string;
  /** Sets the process exit code (the highest code set wins). */
  exit(code: number): void;
}

/**
 * A `kube-harden` subcommand, one per file in `lib/cli/commands/`, listed in `COMMANDS`.
 * `register` adds it to `program` (`program.command(name)...action(...)`); the action may be async and
 * reports its exit code with `context.exit`. Throwing `UsageError` exits with code 2.
 */
export interface CliCommand {
  /** Subcommand name, e.g. `audit`. */
  readonly name: string;
  /** Adds the subcommand to `program`. */
  register(program: Command, context: CommandContext): void;
}
