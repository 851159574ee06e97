import { describe, expect, it } from 'vitest';
import { dockerRunnersOf, editDockerKey } from '../../../electron/core/fixes/toml-edit';

const CONFIG = [
  'concurrent = 2',
  '[[runners]]',
  '  name = "podman"',
  '  executor = "docker"',
  '  [runners.docker]',
  '    # rootless podman',
  '    host   =  "unix:///run/user/1001/podman/podman.sock"',
  '    [runners.docker.tmpfs]',
  '      "/mnt/ramdisk" = "rw"',
  '',
  '[[runners]]',
  '  name = "bare"',
  '  executor = "docker"',
  '',
  '[session_server]',
  '  session_timeout = 1800',
  '',
].join('\n');
const IMAGE = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-f5da3c5a';

describe('helper_image edits in [runners.docker]', () => {
  it('adds the key after the table\'s last key, before its sub-table, and removing it gives the same bytes back', () => {
    const after = editDockerKey(CONFIG, 0, 'helper_image', IMAGE);
    const lines = after.split('\n');
    const added = lines.indexOf(`    helper_image = "${IMAGE}"`);
    expect(lines[added + 1]).toBe('    [runners.docker.tmpfs]');
    expect([...lines.slice(0, added), ...lines.slice(added + 1)].join('\n')).toBe(CONFIG);
    expect(dockerRunnersOf(after)[0]?.helperImage).toBe(IMAGE);
    expect(editDockerKey(after, 0, 'helper_image', undefined)).toBe(CONFIG);
  });

  it('changes an existing value in place and adds the table to a runner without one, inside its own entry', () => {
    const pinned = editDockerKey(editDockerKey(CONFIG, 0, 'helper_image', 'old:1'), 0, 'helper_image', IMAGE);
    expect(pinned.match(/helper_image/g)).toHaveLength(1);
    const bare = editDockerKey(CONFIG, 1, 'helper_image', IMAGE).split('\n');
    const table = bare.indexOf('  [runners.docker]', 5);
    expect(bare.slice(table - 1, table + 3)).toEqual(['  executor = "docker"', '  [runners.docker]', `    helper_image = "${IMAGE}"`, '']);
    expect(dockerRunnersOf(bare.join('\n')).map((r) => r.helperImage)).toEqual([undefined, IMAGE]);
  });
});
