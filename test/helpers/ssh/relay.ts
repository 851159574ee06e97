import { spawn } from 'node:child_process';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';

/**
 * A TCP relay on 127.0.0.1 in front of a test host. It can cut every connection (as a
 * crashed host or a reset would) or silently stop forwarding (as a dead network would), and
 * it can reach into a network namespace through `nsenter … busybox nc`.
 */

interface Pipe {
  input: Writable;
  output: Readable;
  close(): Promise<void>;
}

export interface Relay {
  port: number;
  /** Resets every open connection. */
  dropAll(): void;
  /** Keeps connections open but forwards nothing more, in either direction. */
  blackhole(): void;
  stop(): Promise<void>;
}

async function startRelay(open: () => Pipe): Promise<Relay> {
  const live = new Set<{ socket: Socket; pipe: Pipe }>();
  let holed = false;
  const server = createServer((socket) => {
    const pipe = open();
    const entry = { socket, pipe };
    live.add(entry);
    socket.on('data', (d) => {
      if (!holed) pipe.input.write(d);
    });
    pipe.output.on('data', (d: Buffer) => {
      if (!holed && !socket.destroyed) socket.write(d);
    });
    const end = () => {
      if (!live.delete(entry)) return;
      socket.destroy();
      void pipe.close();
    };
    socket.on('close', end);
    socket.on('error', end);
    pipe.output.on('end', end);
    pipe.output.on('error', end);
    pipe.input.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    dropAll() {
      for (const { socket } of live) socket.resetAndDestroy();
    },
    blackhole() {
      holed = true;
    },
    async stop() {
      const closing = [...live].map(({ socket, pipe }) => {
        socket.destroy();
        return pipe.close();
      });
      live.clear();
      await Promise.all(closing);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function tcpRelay(host: string, port: number): Promise<Relay> {
  return startRelay(() => {
    const upstream = connect(port, host);
    return {
      input: upstream,
      output: upstream,
      close: () =>
        new Promise<void>((resolve) => {
          if (upstream.destroyed) return resolve();
          upstream.once('close', () => resolve());
          upstream.destroy();
        }),
    };
  });
}

/** Reaches `address:port` inside network namespace `netns` (the relay itself stays outside). */
export function netnsRelay(netns: string, address: string, port: number): Promise<Relay> {
  return startRelay(() => {
    const child = spawn('nsenter', [`--net=/run/netns/${netns}`, 'busybox', 'nc', address, String(port)], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.on('error', () => {});
    return {
      input: child.stdin,
      output: child.stdout,
      close: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  });
}
