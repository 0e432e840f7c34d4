/**
 * The `kube-harden` command as `bin/kube-harden` runs it (the compiled CLI, its exit code the process's), for the
 * bench's fresh-process rounds (`audit.ts`): on exit it writes the process's CPU milliseconds (user + system, from its
 * start) and peak RSS in MiB, as JSON, to file descriptor 3.
 */
import { writeSync } from 'node:fs';
import { run } from '../lib/cli/main';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  writeSync(3, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
});

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
