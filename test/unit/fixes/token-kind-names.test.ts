import { describe, expect, it } from 'vitest';
import { tokenHintText, tokenKindText } from '../../../electron/core/fixes/runner-token-gitlab';
import { classifyToken, type TokenKind } from '../../../electron/core/gitlab/tokens';
import { GITLAB_TOKEN_KINDS, GITLAB_TOKEN_KIND_IDS, type GitlabTokenKindId } from '../../../shared/gitlab-token-kinds';
import { formatIn, TEXT_CATALOGS } from '../../../shared/i18n/text';
import { englishLeft } from '../../helpers/english-prose';

/** What a token field may hold besides the table's kinds (electron/core/gitlab/tokens.ts). */
const OTHER_KINDS = ['session-cookie', 'placeholder', 'empty', 'unknown'] as const satisfies readonly TokenKind[];
// A kind added to TokenKind and not listed here fails the typecheck.
const everyKindListed: [Exclude<TokenKind, GitlabTokenKindId | (typeof OTHER_KINDS)[number]>] extends [never] ? true : false = true;
const ALL_KINDS: TokenKind[] = [...GITLAB_TOKEN_KIND_IDS, ...OTHER_KINDS];

/** A token of each kind the classification recognises without a table entry. */
const SAMPLE: Record<(typeof OTHER_KINDS)[number], string> = { 'session-cookie': '_gitlab_session=0123456789abcdef', placeholder: '<your token>', empty: '', unknown: '%%%' };

const say = (kind: TokenKind, lang: 'en' | 'ru') => formatIn(tokenKindText(kind), lang, 'fixes');

describe('token kind names in English and Russian', () => {
  it('every kind of the token table and of the classification has a name in both languages', () => {
    expect(everyKindListed).toBe(true);
    for (const lang of ['en', 'ru'] as const) {
      const missing = ALL_KINDS.filter((k) => !(`token.kind.${k}` in TEXT_CATALOGS[lang].fixes));
      expect(missing, `kinds without a name in ${lang}`).toEqual([]);
    }
  });

  it('the English name is the one the token table and the classification give', () => {
    for (const kind of GITLAB_TOKEN_KINDS) expect(say(kind.id, 'en'), kind.id).toBe(kind.description);
    for (const kind of OTHER_KINDS) {
      const c = classifyToken(SAMPLE[kind]);
      expect(c.kind).toBe(kind);
      expect(say(kind, 'en'), kind).toBe(c.label);
    }
  });

  it('reads as Russian, and no two kinds share a Russian name (runner authentication, registration and the rest stay apart)', () => {
    const problems = ALL_KINDS.flatMap((k) => englishLeft(tokenKindText(k), (m, lang) => formatIn(m, lang, 'fixes')) ?? []);
    expect(problems).toEqual([]);
    const names = ALL_KINDS.map((k) => say(k, 'ru'));
    expect(new Set(names).size).toBe(names.length);
    expect(say('runner-authentication-token', 'ru')).toBe('токен аутентификации раннера (glrt-)');
    expect(say('runner-registration-token', 'ru')).toBe('регистрационный токен раннера (GR1348941, устарел)');
  });

  it('a token is shown by its kind in Russian and its last 4 characters, for the rarer kinds too', () => {
    const shown = (token: string) => formatIn(tokenHintText(token), 'ru', 'fixes');
    expect(shown('glft-abcdefghijklmnopqrstu')).toBe('токен ленты (glft-) …rstu');
    expect(shown('glimt-abcdefghijklmnopqrstu')).toBe('токен входящей почты (glimt-) …rstu');
    expect(shown('glsoat-abcdefghijklmnopqrstu')).toBe('OAuth-токен SCIM (glsoat-) …rstu');
    expect(shown('glptt-abcdefghijklmnopqrstu')).toBe('токен триггера пайплайна (glptt-) …rstu');
    expect(shown('gldt-abcdefghijklmnopqrstu')).toBe('деплой-токен (gldt-) …rstu');
    expect(shown('glcbt-abcdefghijklmnopqrstu')).toBe('токен CI/CD-джобы (glcbt-) …rstu');
  });
});
