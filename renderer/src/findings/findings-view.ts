import { create } from 'zustand';
import { SEVERITIES, type Severity } from '../../../shared/findings';

/** How the user looks at the findings: which severities, what text, which cards are open. */
export interface FindingsView {
  severities: Record<Severity, boolean>;
  query: string;
  expanded: ReadonlySet<string>;
}

const initial = (): FindingsView => ({ severities: { error: true, warning: true, info: true }, query: '', expanded: new Set() });

export const useFindingsView = create<FindingsView>()(initial);

export function toggleSeverity(severity: Severity): void {
  useFindingsView.setState((s) => ({ severities: { ...s.severities, [severity]: !s.severities[severity] } }));
}

export function setQuery(query: string): void {
  useFindingsView.setState({ query });
}

export function setExpanded(key: string, open: boolean): void {
  useFindingsView.setState((s) => {
    const expanded = new Set(s.expanded);
    if (open) expanded.add(key);
    else expanded.delete(key);
    return { expanded };
  });
}

export function expandAll(keys: readonly string[], open: boolean): void {
  useFindingsView.setState({ expanded: open ? new Set(keys) : new Set() });
}

/** A new diagnosis starts with every severity shown and every card closed. */
export function resetFindingsView(): void {
  useFindingsView.setState(initial());
}

export const ALL_SEVERITIES = SEVERITIES;
