// ssh2 is CommonJS whose exports Node's ESM loader cannot name statically, so the built CLI
// must take them from the default export. Import ssh2's runtime values from here only.
import ssh2 from 'ssh2';
import type { Client as Ssh2Client, Server as Ssh2Server } from 'ssh2';

export const { Client, Server, utils } = ssh2;
export type Client = Ssh2Client;
export type Server = Ssh2Server;
