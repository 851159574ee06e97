export { AppPage, SCREENSHOT_DIR } from './app-page';
export { CollectPage } from './collect-page';
export { ExportPage } from './export-page';
export { FindingsPage } from './findings-page';
export { TargetsPage } from './targets-page';
export { WelcomePage } from './welcome-page';
export { PromptDialog } from './prompt-dialog';
export { RealTargetsPage } from './real-targets-page';
export { EvidenceViewer } from './evidence-viewer';
