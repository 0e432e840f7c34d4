/**
 * One measured subject's process (see `measure.ts`): prepares the subject, reports its RSS, then runs one round per
 * `round` message and replies with the round's CPU time (user + system), the process's peak RSS and the result (or,
 * for a round that ran a fresh process, that process's CPU time and peak RSS).
 */
import { Subject, SubjectModule, SubjectResult } from './measure';

const [modulePath, name, params] = process.argv.slice(2);

function send(message: Record<string, unknown>): void {
  process.send!(message);
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

let sink: SubjectResult | undefined;

async function main(): Promise<void> {
  const module = await import(modulePath) as SubjectModule;
  const subject: Subject = await module.prepare(name, JSON.parse(params) as Record<string, unknown>);
  collectGarbage();
  process.on('message', () => {
    void (async () => {
      try {
        collectGarbage();
        const start = process.cpuUsage();
        sink = await subject();
        const used = process.cpuUsage(start);
        const { processCpuMs, processMaxRssMiB } = sink;
        send({
          cpuMs: processCpuMs ?? (used.user + used.system) / 1000,
          maxRssMiB: processMaxRssMiB ?? process.resourceUsage().maxRSS / 1024,
          result: sink,
        });
      } catch (error) {
        send({ error: `${name}: ${(error as Error).stack ?? error}` });
      }
    })();
  });
  send({ rssMiB: process.memoryUsage.rss() / (1024 * 1024) });
}

main().catch((error) => send({ error: `${name}: ${(error as Error).stack ?? error}` }));
