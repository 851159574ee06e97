import { useStore } from '../store';
import { DemoTargets } from '../targets/DemoTargets';
import { RealTargets } from '../targets/RealTargets';

/** The demo lab's targets, or the user's own GitLab, clusters, hosts and files. */
export function Targets() {
  const mode = useStore((s) => s.mode);
  return mode === 'real' ? <RealTargets /> : <DemoTargets />;
}
