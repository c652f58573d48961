/**
 * The console's backup file, built by the page itself from its own read-only connection
 * (lib/store/read-only.ts) with `writeBackup`: a backup of 100,000 connections is hundreds of MB
 * of JSON, far beyond what one message between the page and the background may carry (64 MiB),
 * and reading it here costs the background nothing. Each part becomes a Blob at once, so the
 * whole text is never one string in the page either.
 */
import { backupFileName, writeBackup, type BackupProgress } from './backup';
import { DatabaseMissing, openReadOnly } from './read-only';

/** The backup as Blob parts (in file order) and its file name; progress after every page. */
export async function readBackupFile(
  progress: (progress: BackupProgress) => void,
): Promise<{ parts: Blob[]; fileName: string }> {
  let db;
  try {
    db = await openReadOnly();
  } catch (error) {
    if (error instanceof DatabaseMissing)
      throw new Error('There is nothing to back up yet: Upnext has not stored anything.', {
        cause: error,
      });
    throw error;
  }
  const now = Date.now();
  const parts: Blob[] = [];
  try {
    await writeBackup(db, now, (part) => parts.push(new Blob([part])), progress);
  } finally {
    db.close();
  }
  return { parts, fileName: backupFileName(now) };
}
