import { z } from 'zod';

// Imported first by the page bundle. The app's Content-Security-Policy forbids eval, so zod must not
// compile parsers with `new Function`. The app's own zod finds that out by itself; this copy runs through
// DevTools (where the first probe may pass) and must be told before any schema is built, since object
// schemas decide at construction.
z.config({ jitless: true });
