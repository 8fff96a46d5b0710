import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';

let server: BuiltServer;
let tablet: TabletProfile;

beforeAll(async () => {
  server = await startBuiltServer();
  tablet = await launchTablet();
});

afterAll(async () => {
  await tablet?.close();
  if (tablet) removeProfile(tablet);
  await server?.dispose();
});

it('serves the zh-CN app shell with a strict CSP', async () => {
  const page = await tablet.context.newPage();
  const response = await page.goto(server.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  await expect.poll(() => page.title()).toBe('困难职工精准帮扶');
});
