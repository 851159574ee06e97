/**
 * Log signatures: exact text the runner writes for each failure mode (FIELD-NOTES.md §3).
 * `hint` is a literal every matching line contains, so most lines cost one `includes`.
 * Named groups become the match's fields (job id, status code…).
 */
export interface LogSignature {
  id: string;
  hint: string;
  pattern: RegExp;
}

export const LOG_SIGNATURES = [
  {
    // Text format: `… job failed … code=403 job=123 … status=PUT https://…/api/v4/jobs/123: 403 Forbidden`
    // JSON format: `"code":403,"job":123,…,"msg":"Submitting job to coordinator... job failed","status":"PUT …: 403 Forbidden"`
    id: 'job-submit-403',
    hint: 'Submitting job to coordinator',
    pattern:
      /Submitting job to coordinator\.\.\.\s*(?:job failed|forbidden)[\s\S]*?(?:\bjob[=":]+(?<job>\d+))?[\s\S]*?(?:PUT (?<url>https?:\/\/\S+?\/api\/v4\/jobs\/(?<urljob>\d+))"?:? 403|code[=":]+403)/,
  },
  {
    id: 'job-submit-403-json',
    hint: '"code":403',
    pattern: /"code":403[\s\S]*?"job":(?<job>\d+)[\s\S]*?"msg":"Submitting job to coordinator\.\.\. (?:job failed|forbidden)"/,
  },
] as const satisfies readonly LogSignature[];

export type SignatureId = (typeof LOG_SIGNATURES)[number]['id'];
