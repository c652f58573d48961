/**
 * What a CLI command may touch besides its arguments and the files they name: its two output
 * streams, the clock and the machine's time zone. `cli/main.ts` passes the real ones
 * (`processIo()`); tests run the command in-process with an in-memory one (cli/test-kit.ts), which is ~100 times
 * faster than a child process per case. A command never writes to `process.stdout`, never
 * calls `process.exit` and never reads `Date.now()` itself: it returns its exit code.
 * The shape is described in docs/architecture.md ("The CLI").
 */
import { browserTimeZone } from '../lib/format/time';

export interface CliIo {
  /** Writes `text` to standard output as is (add the newline yourself). */
  out(text: string): void;
  /** Writes `text` to standard error as is. */
  err(text: string): void;
  /** The current instant in ms since the epoch. */
  now(): number;
  /** The machine's IANA time zone, e.g. `Europe/Berlin`. */
  timeZone(): string;
}

/** A sub-command: `args` are the words after its name; resolves to the exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** The real process: stdout, stderr, the system clock and zone. */
export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    now: () => Date.now(),
    timeZone: browserTimeZone,
  };
}
