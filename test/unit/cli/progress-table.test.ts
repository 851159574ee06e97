import { describe, expect, it } from 'vitest';
import type { SourceProgress } from '../../../shared/progress-groups';
import { progressSource, type SourceTarget } from '../../../shared/source-ids';
import { liveTable, renderProgressTable } from '../../../electron/cli/progress-table';
import { forTerminal } from '../../../electron/cli/terminal';
import { textFor } from '../../../shared/i18n/text';

const kube = (context: string, namespace: string): SourceTarget => ({ kind: 'kube', context, namespace });
const ssh = (alias: string): SourceTarget => ({ kind: 'ssh', alias });
const row = (of: SourceTarget | [SourceTarget, string], state: SourceProgress['state'], message = ''): SourceProgress => {
  const { id, ...rest } = Array.isArray(of) ? progressSource(...of) : progressSource(of);
  return { source: id, ...rest, state, message };
};

describe('CLI progress as one table', () => {
  it('has one line per target with its pods counted, then the total, in correct plurals', () => {
    const lines = renderProgressTable(
      [
        row(kube('prod', 'ci'), 'running', 'Reading logs'),
        row([kube('prod', 'ci'), 'runner-a'], 'done'),
        row([kube('prod', 'ci'), 'runner-b'], 'failed', 'gone'),
        row(ssh('ci-01'), 'done', '1 file'),
      ],
      forTerminal,
      120,
    );
    expect(lines).toEqual(['  Kubernetes prod/ci  running   1 of 2 pods done, 1 failed', '  SSH ci-01           done      1 file', '1 of 2 sources done']);
    expect(renderProgressTable([row({ kind: 'gitlab', host: 'g.example.com' }, 'done', 'ok'), row(kube('a', 'b'), 'running'), row([kube('a', 'b'), 'p'], 'done')], forTerminal, 120)).toContain(
      '  Kubernetes a/b        running   1 of 1 pod done',
    );
    expect(renderProgressTable([row(ssh('h'), 'done')], forTerminal, 120).at(-1)).toBe('1 of 1 source done');
  });

  it('speaks Russian with its plural forms, states aligned however long their words', () => {
    const ru = textFor('ru', 'cli');
    const lines = renderProgressTable(
      [
        row(kube('prod', 'ci'), 'running'),
        row([kube('prod', 'ci'), 'runner-a'], 'done'),
        row([kube('prod', 'ci'), 'runner-b'], 'running'),
        row([kube('prod', 'ci'), 'runner-c'], 'failed', 'gone'),
        row(ssh('ci-01'), 'done', '1 file'),
        row({ kind: 'files', path: '/tmp/logs' }, 'pending'),
      ],
      forTerminal,
      120,
      ru,
    );
    expect(lines).toEqual([
      '  Файлы /tmp/logs     ожидает    ',
      '  Kubernetes prod/ci  собирается готово 1 из 3 подов, 1 с ошибкой, 1 в работе',
      '  SSH ci-01           готово     1 file',
      'готово 1 из 3 источников',
    ]);
    expect(renderProgressTable([row(ssh('h'), 'done')], forTerminal, 120, ru).at(-1)).toBe('готово 1 из 1 источника');
    expect(renderProgressTable([row(kube('a', 'b'), 'running'), row([kube('a', 'b'), 'p'], 'done')], forTerminal, 120, ru)[0]).toContain('готово 1 из 1 пода');
  });

  it('keeps terminal controls from a collector out, and never wraps a line', () => {
    const [line] = renderProgressTable([row(ssh('h'), 'failed', '\u001b]52;c;ZXZpbA==\u0007 refused ' + 'x'.repeat(200))], forTerminal, 60);
    expect(line).not.toMatch(/\u001b/);
    expect(line).toContain('\\x1b]52');
    expect(line!.length).toBeLessThan(60);
  });

  it('redraws in place: the second drawing first moves back over the first', () => {
    let out = '';
    const stream = { columns: 80, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
    const table = liveTable(stream, (t) => t);
    table.update(row(ssh('h'), 'running', 'connecting'));
    table.finish();
    table.update(row(ssh('h'), 'done', '3 files'));
    table.finish();
    expect(out).toBe('  SSH h  running   connecting\n0 of 1 source done\n\u001b[2F\u001b[J  SSH h  done      3 files\n1 of 1 source done\n');
  });
});
