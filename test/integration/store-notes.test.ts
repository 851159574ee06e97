import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSession } from '../../electron/core/app/pipeline';
import { redactBundle } from '../../electron/core/evidence/bundle/redact-bundle';
import { writeBundle } from '../../electron/core/evidence/bundle/write-bundle';
import { EvidenceStore } from '../../electron/core/evidence/store';
import { msg } from '../../shared/messages';
import { bundleMembers, rewritten } from '../helpers/bundle-bytes';

const TOKEN = 'glpat-AbCdEfGhIjKlMnOpQrSt';

/** Notes live beside errors in the store and the manifest: redacted, forgotten with their target. */
describe('collection notes in the evidence store and the bundle', () => {
  it('are redacted (English and message values), kept apart from errors, and dropped with their target', async () => {
    const store = await EvidenceStore.create();
    try {
      store.addNote('ssh:a', msg('ssh.note.dockerMissing'));
      store.addNote('ssh:b', `a remark quoting ${TOKEN}`);
      store.addNote('ssh:b', msg('ssh.note.notFound', { label: `curl -H "PRIVATE-TOKEN: ${TOKEN}"` }));
      store.addError('ssh:a', 'df timed out');
      expect(store.errors()).toEqual([{ source: 'ssh:a', message: 'df timed out' }]);
      expect(JSON.stringify(store.notes())).not.toContain(TOKEN);
      expect(store.notes()[0]).toEqual({ source: 'ssh:a', message: 'docker is not installed on this host (docker info and images skipped)', text: { key: 'ssh.note.dockerMissing' } });
      await store.forgetTarget({ kind: 'ssh', alias: 'b' });
      expect(store.notes().map((n) => n.source)).toEqual(['ssh:a']);
      expect(store.errors()).toHaveLength(1);
    } finally {
      await store.dispose();
    }
  });

  it('reach manifest.json, and a re-redacted bundle redacts a secret its notes still held', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rd-store-notes-'));
    const store = await EvidenceStore.create();
    try {
      store.addNote('ssh:a', msg('ssh.note.dockerMissing'));
      const out = join(dir, 'notes.zip');
      await writeBundle(store, [], out);
      const manifest = JSON.parse((await bundleMembers(out)).get('manifest.json')!.toString()) as { notes: { source: string; message: string }[] };
      expect(manifest.notes).toEqual([{ source: 'ssh:a', message: 'docker is not installed on this host (docker info and images skipped)', text: { key: 'ssh.note.dockerMissing' } }]);
      // Opened again (the app's "Open a bundle", analyze): the session carries them.
      const opened = await bundleSession(out);
      expect(opened.notes).toEqual(manifest.notes);
      await opened.dispose();

      // An older or hand-edited bundle whose note quotes a token: `bundle redact` leaves none of it.
      const leaky = join(dir, 'leaky.zip');
      await rewritten(out, leaky, (name, data) => {
        if (name !== 'manifest.json') return data;
        const m = JSON.parse(data.toString()) as { notes: unknown[] };
        m.notes = [{ source: 'ssh:a', message: `token ${TOKEN}`, text: msg('ssh.note.notFound', { label: TOKEN }) }];
        return Buffer.from(JSON.stringify(m));
      });
      const clean = join(dir, 'clean.zip');
      await redactBundle(leaky, clean);
      const again = (await bundleMembers(clean)).get('manifest.json')!.toString();
      expect(again).toContain('"notes"');
      expect(again).not.toContain(TOKEN);
    } finally {
      await store.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
