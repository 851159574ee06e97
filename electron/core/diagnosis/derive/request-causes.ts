import { msg, type Message } from '../../../../shared/messages';

/** Why a request to GitLab failed, as far as the line says. */
export type RequestCause = 'dns' | 'refused' | 'timeout' | 'unavailable' | 'reset';

const CAUSES: [RegExp, RequestCause][] = [
  [/no such host|Could not resolve|server misbehaving|Temporary failure in name resolution/, 'dns'],
  [/connection refused/, 'refused'],
  [/i\/o timeout|context deadline exceeded|Client\.Timeout|TLS handshake timeout|timed out|network is unreachable|no route to host/, 'timeout'],
  [/\b50[234]\b|currently unavailable|Bad Gateway|Service Unavailable|Gateway Timeout/, 'unavailable'],
  [/connection reset by peer|\bEOF\b|broken pipe/, 'reset'],
];

/** The cause a failed request's line names, if it names one of the known network causes. */
export function causeOf(text: string): RequestCause | undefined {
  return CAUSES.find(([re]) => re.test(text))?.[1];
}

/** What a cause means and where to look (`gitlab-unreachable.cause.*`). */
export const adviceOf = (c: RequestCause): Message => msg(`gitlab-unreachable.cause.${c}`);
