/**
 * Reading the one input file of a CLI command: size limit, UTF-8 only, and a short reason instead
 * of a stack trace when the file cannot be read. `validate` and `convert` share it so both
 * commands refuse the same files the same way.
 */
import { open, stat } from 'node:fs/promises';

import { MAX_FILE_BYTES } from '../lib/sequence/limits';

export type ReadText =
  | { ok: true; text: string }
  /** `unreadable`: the file could not be opened at all (exit code 2), else its content is refused (1). */
  | { ok: false; problem: string; unreadable: boolean };

/** What to tell the user when the file is too large or not text, in the command's own words. */
export interface ReadTextHints {
  /** After "The file is 6.2 MiB; ", e.g. `a pack can be at most 5 MiB (split it into several packs)`. */
  tooLarge: (limitMib: number) => string;
  /** The whole line for a file that is not UTF-8. */
  notText: string;
}

/** A file-system error as a few words (`no such file`, `permission denied`, `is a directory`). */
export function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Reads `file` as UTF-8 text of at most MAX_FILE_BYTES; never throws. */
export async function readText(file: string, hints: ReadTextHints): Promise<ReadText> {
  try {
    const info = await stat(file);
    if (info.isDirectory())
      return { ok: false, problem: 'cannot read: is a directory', unreadable: true };
    if (info.size > MAX_FILE_BYTES) {
      return {
        ok: false,
        problem: `The file is ${(info.size / 1024 / 1024).toFixed(1)} MiB; ${hints.tooLarge(MAX_FILE_BYTES / 1024 / 1024)}`,
        unreadable: false,
      };
    }
    const handle = await open(file, 'r');
    let bytes: Buffer;
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, problem: hints.notText, unreadable: false };
    }
  } catch (error) {
    return { ok: false, problem: `cannot read: ${reason(error)}`, unreadable: true };
  }
}
