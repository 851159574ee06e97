import { access } from 'node:fs/promises';
import { sshTargetsFromConfig } from '../../ssh/ssh-config';
import { loadSshConfigFor, planTarget } from '../../ssh/target';
import { errorMessage } from '../../util/abort';
import { failureText } from '../../util/network-failure';
import { defaultSshConfig, type AppDeps } from '../app-deps';
import type { Handlers } from '../handler-types';
import { sshFailure } from './errors';

type SshHandlers = Pick<Handlers, 'ssh.hosts'>;

export function sshHandlers(deps: AppDeps): SshHandlers {
  return {
    'ssh.hosts': async ({ sshConfig }) => {
      const file = sshConfig ?? defaultSshConfig(deps);
      // No ~/.ssh/config is normal; a file the user named must exist.
      if (
        !sshConfig &&
        !(await access(file).then(
          () => true,
          () => false,
        ))
      )
        return { sshConfig: file, found: false, hosts: [] };
      try {
        const aliases = await sshTargetsFromConfig(file, { home: deps.home });
        const config = await loadSshConfigFor({ sshConfigFile: file, home: deps.home });
        const hosts = aliases.map((alias) => {
          try {
            const planned = planTarget(alias, config, { home: deps.home });
            return { alias, target: planned.description, ...(planned.descriptionText ? { targetText: planned.descriptionText } : {}) };
          } catch (err) {
            const problemText = failureText(err);
            return { alias, problem: errorMessage(err), ...(problemText ? { problemText } : {}) };
          }
        });
        return { sshConfig: file, found: true, hosts };
      } catch (err) {
        throw sshFailure(err);
      }
    },
  };
}
