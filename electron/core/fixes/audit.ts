import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AuditRecord } from '../../../shared/fixes';
import { Redactor } from '../evidence/redact/redactor';
import { redactText } from '../evidence/redact/redact-stream';
import { appConfigDir } from '../util/app-paths';

/** audit.jsonl in the app's data directory (CONTRACTS.md §4): one line per fix step. */
export function auditLogPath(dataDir = appConfigDir()): string {
  return join(dataDir, 'audit.jsonl');
}

/**
 * Appends one record. Records are built without secrets; the redactor runs over the line
 * anyway, so a token quoted in an error message from a server still never lands on disk.
 */
export async function appendAudit(record: AuditRecord, path = auditLogPath()): Promise<void> {
  const line = redactText(new Redactor(), JSON.stringify(record)).text;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await appendFile(path, `${line}\n`, { mode: 0o600 });
}

/** The whole log, for the next bundle; undefined when no fix has run yet. */
export async function readAuditLog(path = auditLogPath()): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trim() ? text : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
