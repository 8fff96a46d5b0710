/** Injected by vite.config.ts: which build this is (shown in the status bar). */
declare const __APP_BUILD_ID__: string;
