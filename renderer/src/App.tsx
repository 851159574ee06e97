import { Messages } from './components/Messages';
import { StepNav } from './components/StepNav';
import { Collect } from './steps/Collect';
import { Export } from './steps/Export';
import { Findings } from './steps/Findings';
import { Targets } from './steps/Targets';
import { Welcome } from './steps/Welcome';
import { useStore, type Step } from './store';

const VIEWS: Record<Step, () => React.JSX.Element | null> = {
  welcome: Welcome,
  targets: Targets,
  collect: Collect,
  findings: Findings,
  export: Export,
};

export function App() {
  const step = useStore((s) => s.step);
  const appLabel = useStore((s) => s.appLabel);
  const View = VIEWS[step];
  return (
    <>
      <header className="app-header">
        <h1>Runner Doctor</h1>
        {appLabel && <span className="meta">{appLabel}</span>}
      </header>
      <StepNav />
      <main className="app-main">
        <Messages />
        <View key={step} />
      </main>
    </>
  );
}
