import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initActions } from './actions';
import { createApi } from './api';
import { App } from './App';
import { initI18n } from './i18n';
import { applyTheme, savedTheme } from './theme';
import { setState } from './store';
import './styles/base.css';
import './styles/layout.css';
import './styles/tables.css';
import './styles/findings.css';
import './styles/export.css';
import './styles/targets.css';
import './styles/dialog.css';
import './styles/viewer.css';
import './styles/fix.css';

initI18n();
applyTheme(savedTheme());
initActions(createApi((connection) => setState({ connection })));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
