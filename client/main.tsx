import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initSession } from './auth/session-store';
import { startServiceWorker } from './pwa/update';
import { startSyncEngine } from './sync/engine';
import './styles/app.css';

startServiceWorker();
void initSession();
// Sync runs beside the UI (on unlock, when the network returns, periodically), never inside a component.
startSyncEngine();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
