/**
 * Reading an input file of a CLI command: a size limit, UTF-8 only, and a short reason instead
 * of a stack trace when the file cannot be read. `validate`, `segments` and `convert` share it,
 * so every command refuses the same files the same way.
 */
import { open, stat } from 'node:fs/promises';

import { invalidUtf8Offset } from '../lib/sequence/json-source';
import { MAX_FILE_BYTES } from '../lib/sequence/limits';

/** How large the file may be, and what to say when it is too large or not text. */
export interface FileLimits {
  bytes: number;
  /** After "The file is 6.2 MiB; ", e.g. `a pack can be at most 5 MiB (split it into several packs)`. */
  tooBig: string;
  /** The whole line for a file that is not UTF-8 (default: the one for packs). */
  notText?: string;
}

const PACK_NOT_TEXT = 'The file is not UTF-8 text (is it a JSON sequence pack?)';

/** A sequence pack's limits (the default). */
const PACK_FILE: FileLimits = {
  bytes: MAX_FILE_BYTES,
  tooBig: `a pack can be at most ${MAX_FILE_BYTES / 1024 / 1024} MiB (split it into several packs)`,
};

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

/**
 * Reads a UTF-8 text file of at most `limits.bytes`; never throws. Otherwise the problem in
 * words, `unreadable` when the file could not be read at all (missing, a directory, no
 * permission: exit 2) rather than refused (too big, not UTF-8: invalid input, exit 1).
 */
export async function readText(
  file: string,
  limits: FileLimits = PACK_FILE,
): Promise<{ text: string } | { problem: string; unreadable: boolean }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { problem: 'cannot read: is a directory', unreadable: true };
    if (info.size > limits.bytes) {
      return {
        problem: `The file is ${(info.size / 1024 / 1024).toFixed(1)} MiB; ${limits.tooBig}`,
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
    const invalid = invalidUtf8Offset(bytes);
    if (invalid >= 0) {
      // Where: the byte offset and value of the first byte that is not UTF-8.
      const byte = (bytes[invalid] ?? 0).toString(16).toUpperCase().padStart(2, '0');
      const where = `byte ${invalid} (0x${byte}) is not valid UTF-8`;
      const line = limits.notText ?? PACK_NOT_TEXT;
      const problem = line.includes('not UTF-8 text')
        ? line.replace('not UTF-8 text', `not UTF-8 text: ${where}`)
        : `${line} (${where})`;
      return { problem, unreadable: false };
    }
    return { text: new TextDecoder('utf-8').decode(bytes) };
  } catch (error) {
    return { problem: `cannot read: ${reason(error)}`, unreadable: true };
  }
}
