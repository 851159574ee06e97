import type { Finding, FixRef } from '../../shared/findings';
import { goTo, setState } from './store';

/** A finding's fix button: the Fix step takes the finding and the fix it names. */
export function openFix(finding: Finding, fix: FixRef): void {
  setState({ fix: { finding, fix } });
  goTo('fix');
}
