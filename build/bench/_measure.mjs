// Times a whole command as a user runs it, with its peak RSS (GNU time's %M), and prints one
// line per figure: ours, the baseline a user would otherwise run, their ratio, peak RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `sh -c script` under /usr/bin/time; resolves { seconds, rssMB, code, stdout, stderr }. */
export async function measure(script, { cwd, env } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'rd-measure-'));
  const out = join(dir, 'time');
  try {
    const started = performance.now();
    const r = await new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', '%M', '-o', out, 'sh', '-c', script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const seconds = (performance.now() - started) / 1000;
    // %M is the largest resident set of the command and its children, in KiB.
    const kib = Number((await readFile(out, 'utf8')).trim().split('\n').pop());
    return { ...r, seconds, rssMB: (kib * 1024) / 1e6 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The faster of `times` runs (the machine is shared; the best run is the least disturbed). */
export async function best(script, opts = {}, times = 2) {
  const [fastest] = await bestInTurn([[script, opts]], times);
  return fastest;
}

/**
 * The faster run of each command when they run in turn, `rounds` times (a, b, a, b, …): a
 * machine whose speed drifts over a minute slows both alike, where running all of one and then
 * all of the other would favour whichever ran in the faster minute. `runs` are [script, opts].
 */
export async function bestInTurn(runs, rounds = 3) {
  const fastest = runs.map(() => undefined);
  for (let round = 0; round < rounds; round++) {
    for (const [i, [script, opts = {}]] of runs.entries()) {
      const r = await measure(script, opts);
      if (r.code !== 0 && !opts.okCodes?.includes(r.code)) throw new Error(`${script} exited with ${r.code}: ${r.stderr.slice(0, 500)}`);
      if (!fastest[i] || r.seconds < fastest[i].seconds) fastest[i] = r;
    }
  }
  return fastest;
}

/** One line: `label: ours X s · baseline Y s (what) · ratio R · peak RSS ours A MB, baseline B MB [· target]`. */
export function figure(label, ours, baseline, what, target) {
  const ratio = ours.seconds / baseline.seconds;
  const verdict = target ? ` · target ${target.text}: ${target.ok(ratio, ours) ? 'met' : 'NOT met'}` : '';
  console.log(
    `${label}: ours ${ours.seconds.toFixed(2)} s · baseline ${baseline.seconds.toFixed(2)} s (${what}) · ratio ${ratio.toFixed(2)} · peak RSS ours ${ours.rssMB.toFixed(0)} MB, baseline ${baseline.rssMB.toFixed(0)} MB${verdict}`,
  );
  return ratio;
}

export const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
