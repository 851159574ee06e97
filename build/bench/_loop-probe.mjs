// Loaded into the browser-mode host with `node --import` by browser-responsiveness.mjs: records
// how long its event loop was held, per 50 ms, and writes the record to RD_LOOP_PROBE_OUT when
// sent SIGUSR1. Nothing of the host is changed, so a checkout from before a change is measured
// the same way.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
/**
 * [epoch ms when read, the longest delay since the read before in ms, the share of that time
 * the loop was busy (event-loop utilization)].
 */
const samples = [];
let elu = performance.eventLoopUtilization();
setInterval(() => {
  const now = performance.eventLoopUtilization();
  samples.push([Date.now(), delay.max / 1e6, performance.eventLoopUtilization(now, elu).utilization]);
  elu = now;
  delay.reset();
}, 50).unref();
process.on('SIGUSR1', () => writeFileSync(process.env.RD_LOOP_PROBE_OUT, JSON.stringify(samples)));
