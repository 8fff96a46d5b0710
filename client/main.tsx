import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initSession } from './auth/session-store';
import { startServiceWorker } from './pwa/update';
import './styles/app.css';

startServiceWorker();
void initSession();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
