import { networkInterfaces } from 'node:os';

/** This machine's first non-loopback IPv4 address: http to it crosses a network interface. */
export function networkAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('this test needs a non-loopback IPv4 address on the machine');
  return found.address;
}
