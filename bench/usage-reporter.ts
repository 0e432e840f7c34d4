/**
 * Preloaded (`node -r`) into the command of a fresh-process round (`fresh-process.ts`): on exit it writes the
 * process's CPU milliseconds (user + system, from its start) and peak RSS in MiB, as JSON, to file descriptor 3.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  writeSync(3, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
});
