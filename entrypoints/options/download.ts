import type { BackupProgress } from '@/lib/store/backup';

/** Saves a Blob as a file through a Blob URL and a temporary `<a download>`. */
function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves text as a file. */
export function downloadText(text: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: 'application/json' }), fileName);
}

/**
 * Builds the backup file in this page (lib/store/backup-reader.ts) and saves it; resolves to its
 * name. The backup code is imported on the first backup: lib/store/backup.ts holds the restore's
 * zod schema too, and importing it with the console put zod (about 92 kB) in every console
 * page's load, the designer's among them (docs/performance.md, "The designer").
 */
export async function saveBackupFile(
  progress: (progress: BackupProgress) => void,
): Promise<string> {
  const { readBackupFile } = await import('@/lib/store/backup-reader');
  const { parts, fileName } = await readBackupFile(progress);
  downloadBlob(new Blob(parts, { type: 'application/json' }), fileName);
  return fileName;
}
