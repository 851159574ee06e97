import { describe, expect, it } from 'vitest';
import { formatError } from '../../../shared/i18n/text';
import { parseSshConfigText } from '../../../electron/core/ssh/ssh-config';
import { planTarget } from '../../../electron/core/ssh/target';

const OPTS = { home: '/home/op', localUser: 'op' };

// Where an alias goes, as the SSH panel shows it: the English for sources and progress, and
// the same as a message id so a Russian window does not say "via".
describe('an ssh config target through a jump host', () => {
  it('is described in English and in Russian', async () => {
    const config = await parseSshConfigText('Host runner\n  HostName 10.0.0.5\n  User admin\n  ProxyJump ops@bastion:2222\n', 'cfg', OPTS);
    const planned = planTarget('runner', config, OPTS);
    expect(planned.description).toBe('admin@10.0.0.5:22 via ops@bastion:2222');
    expect(formatError(planned.descriptionText!)).toBe(planned.description);
    expect(formatError(planned.descriptionText!, 'ru')).toBe('admin@10.0.0.5:22 через ops@bastion:2222');
  });

  it('has nothing to translate without one', async () => {
    const config = await parseSshConfigText('Host runner\n  HostName 10.0.0.5\n  User admin\n', 'cfg', OPTS);
    const planned = planTarget('runner', config, OPTS);
    expect(planned.description).toBe('admin@10.0.0.5:22');
    expect(planned.descriptionText).toBeUndefined();
  });
});
