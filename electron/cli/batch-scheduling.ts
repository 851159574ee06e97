import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Linux's default scheduling policy, as /proc/PID/stat gives it (include/uapi/linux/sched.h). */
const SCHED_OTHER = 0;
/** `policy` is the 41st field of /proc/PID/stat, the 39th after the command's name. */
const POLICY_AFTER_NAME = 38;

/**
 * The scheduling policy of a process's main thread, or of its thread `tid`, on Linux (0
 * SCHED_OTHER, 3 SCHED_BATCH, 5 SCHED_IDLE, 1 and 2 real time), or undefined where it cannot be
 * read. This process by default.
 */
export function schedulingPolicy(pid: number | 'self' = 'self', tid?: number): number | undefined {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'latin1');
    // The name, between parentheses, may hold spaces and parentheses of its own.
    const policy = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[POLICY_AFTER_NAME]);
    return Number.isInteger(policy) ? policy : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Puts every thread of this process under SCHED_BATCH, Linux's policy for CPU-bound work that
 * nobody waits on keystroke by keystroke: a thread it wakes no longer takes the core from the
 * thread that woke it. A collect wakes its worker threads and libuv's thousands of times a run,
 * and on a busy machine each wake-up preempted the thread doing the collection's next step
 * (docs/bundles.md gives the measurements). Threads started later inherit the policy.
 *
 * Only a process under the default policy is moved: one the user started under chrt or
 * another policy keeps it. Where `chrt` (util-linux) is missing, or on other systems, nothing
 * changes; the nice value is never touched.
 */
export function preferBatchScheduling(): void {
  if (process.platform !== 'linux' || schedulingPolicy() !== SCHED_OTHER) return;
  const chrt = spawn('chrt', ['--all-tasks', '--batch', '--pid', '0', String(process.pid)], { stdio: 'ignore' });
  // A missing chrt, or one too old for --all-tasks, only leaves the policy as it was.
  chrt.on('error', () => undefined);
  chrt.unref();
}
