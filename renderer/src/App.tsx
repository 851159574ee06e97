import { EvidenceViewer } from './components/EvidenceViewer';
import { Messages } from './components/Messages';
import { Preferences } from './components/Preferences';
import { PromptDialog } from './components/PromptDialog';
import { StepNav } from './components/StepNav';
import { Collect } from './steps/Collect';
import { Export } from './steps/Export';
import { Fix } from './steps/Fix';
import { FixConfirmDialog } from './fix/FixConfirmDialog';
import { TokenCheckDialog } from './components/TokenCheckDialog';
import { useTokenChecks } from './token-check-actions';
import { useFixStep } from './fix/fix-store';
import { Findings } from './steps/Findings';
import { Targets } from './steps/Targets';
import { Welcome } from './steps/Welcome';
import { useStore, type Step } from './store';
import { useViewer } from './viewer/viewer-store';

const VIEWS: Record<Step, () => React.JSX.Element | null> = {
  welcome: Welcome,
  targets: Targets,
  collect: Collect,
  findings: Findings,
  fix: Fix,
  export: Export,
};

export function App() {
  const step = useStore((s) => s.step);
  const appLabel = useStore((s) => s.appLabel);
  // While a question is open, the page behind it takes neither focus nor clicks.
  const prompted = useStore((s) => s.prompts.length > 0);
  const viewing = useViewer((s) => s.open !== undefined);
  const confirming = useFixStep((s) => s.confirming !== undefined);
  const checkingTokens = useTokenChecks((s) => s.confirming);
  const blocked = prompted || viewing || confirming || checkingTokens;
  const View = VIEWS[step];
  return (
    <>
      <header className="app-header" inert={blocked}>
        <h1>Runner Doctor</h1>
        {appLabel && <span className="meta">{appLabel}</span>}
        <Preferences />
      </header>
      <StepNav inert={blocked} />
      <main className="app-main" inert={blocked}>
        <Messages />
        <View key={step} />
      </main>
      <EvidenceViewer />
      <FixConfirmDialog />
      <TokenCheckDialog />
      <PromptDialog />
    </>
  );
}
