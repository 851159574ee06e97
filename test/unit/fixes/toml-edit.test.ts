import { describe, expect, it } from 'vitest';
import { concurrencyEdits } from '../../../electron/core/fixes/request-concurrency-edits';
import { editRunnerKeys } from '../../../electron/core/fixes/toml-edit';
import { english } from '../../../electron/core/fixes/fix-text';

// A config.toml as people write them: comments everywhere, odd spacing, quoting styles, tables
// in unusual order. Only the changed key may differ, byte for byte.
const CONFIG = [
  '# Managed by hand. Do NOT reformat.',
  'concurrent   =  8 # jobs at once',
  "log_format = 'json'",
  '',
  '[session_server]',
  '  session_timeout = 1800',
  '',
  '[[runners]]   # the busy one',
  '  name = "build-1"',
  '  url = "https://gitlab.example.com/"',
  '  token = "glrt-AAAAAAAAAAAAAAAAAAAA"',
  '  limit = 3',
  '  executor = "docker"',
  '  [runners.docker]',
  '    image = "alpine:3.20"   # default image',
  '    volumes = ["/cache", "/var/run/docker.sock:/var/run/docker.sock"]',
  '',
  '[[runners]]',
  '\tname = "deploy"',
  '\ttoken = "glrt-BBBBBBBBBBBBBBBBBBBB"',
  '\trequest_concurrency   =   1 # left at the default',
  '\t[runners.cache]',
  '\t\tType = "s3"\t# tab before this comment',
  '',
  '[[runners]]',
  '  name = "already-fine"',
  '  request_concurrency = 3',
  '',
].join('\n');

describe('format-preserving config.toml edits', () => {
  it('sets request_concurrency from limit and concurrent, and changes nothing else byte for byte', () => {
    const { edits, undo } = concurrencyEdits(CONFIG);
    expect(edits).toEqual([
      { index: 0, key: 'request_concurrency', value: 3 },
      { index: 1, key: 'request_concurrency', value: 4 },
    ]);
    const after = editRunnerKeys(CONFIG, edits);
    const before = CONFIG.split('\n');
    const lines = after.split('\n');
    // Runner 1 gains one line after its last key; runner 2's value changes in place, comment kept.
    const added = lines.findIndex((l) => /^\s*request_concurrency = 3$/.test(l));
    expect(added).toBeGreaterThan(before.indexOf('  limit = 3'));
    expect(added).toBeLessThan(before.indexOf('  [runners.docker]') + 1);
    const withoutAdded = [...lines.slice(0, added), ...lines.slice(added + 1)];
    const changedAt = before.indexOf('\trequest_concurrency   =   1 # left at the default');
    expect(withoutAdded[changedAt]).toBe('\trequest_concurrency   =   4 # left at the default');
    expect(Buffer.from(withoutAdded.filter((_, i) => i !== changedAt).join('\n'))).toEqual(Buffer.from(before.filter((_, i) => i !== changedAt).join('\n')));
    // The undo gives back the very same bytes.
    expect(Buffer.from(editRunnerKeys(after, undo))).toEqual(Buffer.from(CONFIG));
  });

  it('skips a runner whose limit leaves no room above 1', () => {
    const r = concurrencyEdits('[[runners]]\n  name = "one"\n  limit = 1\n');
    expect(r.edits).toEqual([]);
    expect(english(r.skipped[0]!)).toMatch(/limit 1 leaves no room/);
  });
});
