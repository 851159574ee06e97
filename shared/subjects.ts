import findingsEn from './i18n/findings.en.json';
import { msg, type Message } from './messages';

/**
 * What a finding is about (a job, a runner, a namespace…), as a message. Its English text is the
 * finding's `subject`, the stable key fixes and links compare; the message is what each language
 * shows (`messages.subject`). The English wording lives only in `subject.*` of the findings catalog.
 */
export const subjects = {
  job: (id: number | string): Message => msg('subject.job', { job: String(id) }),
  /** Many jobs summed up in one finding. */
  jobs: (count: number): Message => msg('subject.jobs', { count }),
  runner: (id: number | string): Message => msg('subject.runner', { runner: String(id) }),
  namespace: (namespace: string): Message => msg('subject.namespace', { namespace }),
  image: (image: string): Message => msg('subject.image', { image }),
  /** A Kubernetes workload: its kind stays as Kubernetes names it. */
  workload: (kind: string, name: string): Message => msg('subject.workload', { kind, workload: name }),
  /** Something named in its own words: a host, a config file or ConfigMap key. */
  named: (name: string | Message): Message => msg('subject.named', { name }),
};

type SubjectKey = 'subject.job' | 'subject.namespace';

/** The value a subject key holds, read back through its English template ("job {{job}}" → "123"). */
function reader(key: SubjectKey): (subject: string | undefined) => string | undefined {
  const [before = '', after = ''] = findingsEn[key].split(/\{\{\w+\}\}/);
  return (subject) => (subject && subject.length > before.length + after.length && subject.startsWith(before) && subject.endsWith(after) ? subject.slice(before.length, subject.length - after.length) : undefined);
}

/** The job id of a finding's `subject` ("job 123"), also from older bundles. */
export const jobOfSubject = reader('subject.job');

/** The namespace of a finding's `subject` ("namespace ci"). */
export const namespaceOfSubject = reader('subject.namespace');
