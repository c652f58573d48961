/**
 * Running the CLI in-process for tests: `runCli(['validate', file])` calls `main` with an
 * in-memory CliIo and returns what a child process would show (exit code, stdout, stderr).
 */
import type { CliIo } from './io';
import { main } from './main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** The clock, in ms since the epoch; default 2026-03-02T08:00:00Z. */
  now?: number;
  /** The machine's zone; default UTC. */
  timeZone?: string;
}

export async function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    now: () => options.now ?? Date.UTC(2026, 2, 2, 8, 0, 0),
    timeZone: () => options.timeZone ?? 'UTC',
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
