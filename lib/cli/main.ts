#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CommandContext, EXIT, UsageError } from './command';
import { COMMANDS } from './commands';
import { CliIo, OutputError, packageVersion, processIo } from './io';

/**
 * Runs `kube-harden` with `argv` (the arguments after the program name) and returns the exit code:
 * 0 clean, 1 findings at or above the threshold, 2 unreadable input or usage error. Never throws.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  const version = packageVersion();
  const context: CommandContext = { io, version, exit: (c) => { code = Math.max(code, c); } };
  const program = new Command('kube-harden')
    .description('Audit Kubernetes manifests and Dockerfiles against the kube-harden rules.')
    .version(version)
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
  for (const command of COMMANDS) {
    command.register(program, context);
  }
  // a write error on standard output, said once at the end (the command and `finish` may both meet it)
  let unwritable: Error | undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      code = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    } else if (error instanceof OutputError) {
      unwritable = error;
    } else {
      io.stderr(`kube-harden: ${error instanceof UsageError ? '' : 'internal error: '}${(error as Error).message}\n`);
      code = EXIT.USAGE;
    }
  }
  try {
    await io.finish?.();
  } catch (error) {
    unwritable = error as Error;
  }
  if (unwritable !== undefined) {
    io.stderr(`kube-harden: ${unwritable.message}\n`);
    code = EXIT.USAGE;
  }
  return code;
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
