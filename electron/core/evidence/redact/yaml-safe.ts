/**
 * A placeholder starts with `[` and holds ` #`: as a bare YAML value it would read as a flow
 * sequence with a comment, and the redacted file would no longer parse. Where the placeholder
 * replaces a whole bare value after `key: ` or `- `, it is written double-quoted, which is
 * valid YAML and JSON alike.
 */
export function fitPlaceholder(before: string, placeholder: string, after: string): string {
  if (/["'`]$/.test(before)) return placeholder;
  const valueStart = /^[ \t]*(?:-[ \t]+)?(?:"[^"]*"|'[^']*'|[^\s"'#][^:]*?)[ \t]*:[ \t]+$/.test(before) || /^[ \t]*-[ \t]+$/.test(before);
  return valueStart && /^[ \t]*(?:#.*)?$/.test(after) ? `"${placeholder}"` : placeholder;
}
