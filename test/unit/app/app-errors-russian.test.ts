import { describe, expect, it } from 'vitest';
import { formatError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';

// The app's own refusals (no target involved): each has a message id, so a Russian window
// shows them in Russian, with no English prose left.
const said: [key: string, en: string, ru: string][] = [
  ['app.session.notOpen', 'That diagnosis is no longer open; collect again or reopen the bundle.', 'Эта диагностика уже закрыта; соберите данные заново или снова откройте бандл.'],
  ['app.recollect.notThisRun', 'Only a collection made in this run can collect a source again.', 'Собрать источник заново можно только в сборе, сделанном в этом запуске приложения.'],
  ['app.recollect.openedBundle', 'An opened bundle cannot be collected again; collect from the targets instead.', 'Открытый бандл нельзя собрать заново; соберите данные с целей.'],
  ['app.export.nothing', 'Nothing to export', 'Экспортировать нечего'],
  ['app.upload.unknown', 'That upload is not known here; choose the file again.', 'Этот загруженный файл здесь неизвестен; выберите файл ещё раз.'],
  ['app.report.noManifest', 'This diagnosis has no manifest to report on.', 'У этой диагностики нет манифеста, по которому можно составить отчёт.'],
  [
    'app.tokens.notKept',
    'Runner tokens are kept only for a collection made in this run, with a GitLab target; collect again to check them.',
    'Токены раннеров хранятся только для сбора, сделанного в этом запуске приложения, если среди целей есть GitLab; чтобы их проверить, соберите данные заново.',
  ],
];

describe('the app refuses in English and in Russian', () => {
  it('app.recollect.noSource names the source', () => {
    const noSource = msg('app.recollect.noSource', { source: 'SSH runner-1' });
    expect(formatError(noSource)).toBe('This collection has no source SSH runner-1.');
    const russian = formatError(noSource, 'ru');
    expect(russian).toBe('В этом сборе нет источника SSH runner-1.');
    expect(prose(russian, ['SSH runner-1'])).not.toMatch(ENGLISH_PROSE);
  });

  it.each(said)('%s', (key, en, ru) => {
    expect(formatError(msg(key))).toBe(en);
    const russian = formatError(msg(key), 'ru');
    expect(russian).toBe(ru);
    expect(prose(russian, ['GitLab'])).not.toMatch(ENGLISH_PROSE);
  });
});
