import { randomBytes } from 'node:crypto';
import { runOk } from './children';

/**
 * Network namespaces for "separate host" tests. Addresses live only inside namespaces made
 * here (link-local 169.254.x), never in the machine's own namespace, and everything is
 * deleted on cleanup.
 */

export interface Netns {
  name: string;
  remove(): Promise<void>;
}

export async function createNetns(prefix: string): Promise<Netns> {
  const name = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
  await runOk('ip', ['netns', 'add', name]);
  await runOk('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return {
    name,
    async remove() {
      await runOk('ip', ['netns', 'del', name]).catch(() => undefined);
    },
  };
}

/** A veth pair between two namespaces, created directly inside them, with a /30 between. */
export async function linkNetns(a: Netns, b: Netns, addrA: string, addrB: string): Promise<void> {
  const id = randomBytes(3).toString('hex');
  const ifA = `rda${id}`;
  const ifB = `rdb${id}`;
  await runOk('ip', ['-n', a.name, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', b.name]);
  await runOk('ip', ['-n', a.name, 'addr', 'add', `${addrA}/30`, 'dev', ifA]);
  await runOk('ip', ['-n', b.name, 'addr', 'add', `${addrB}/30`, 'dev', ifB]);
  await runOk('ip', ['-n', a.name, 'link', 'set', ifA, 'up']);
  await runOk('ip', ['-n', b.name, 'link', 'set', ifB, 'up']);
}
