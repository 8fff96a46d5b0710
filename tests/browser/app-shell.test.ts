import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { type TabletProfile } from '../support/browser';

let server: BuiltServer;
let tablet: TabletProfile;

beforeAll(async () => {
  ({ server, tablet } = await openBareTablet());
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
});

it('serves the zh-CN app shell with a strict CSP', async () => {
  const page = await tablet.context.newPage();
  const response = await page.goto(server.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  await expect.poll(() => page.title()).toBe('困难职工精准帮扶');
});

it('is installable: a zh-CN manifest with real 192 and 512 PNG icons, one maskable', async () => {
  const page = await tablet.context.newPage();
  await page.goto(server.url);
  const href = await page.getAttribute('link[rel="manifest"]', 'href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href ?? '', server.url);
  const manifest = (await (await fetch(manifestUrl)).json()) as {
    name: string;
    short_name: string;
    lang: string;
    display: string;
    start_url: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: '困难职工精准帮扶',
    short_name: '精准帮扶',
    lang: 'zh-CN',
    display: 'standalone',
    start_url: '/',
  });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  const found: string[] = [];
  for (const icon of manifest.icons) {
    const response = await fetch(new URL(icon.src, manifestUrl));
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const size = `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
    expect(size).toBe(icon.sizes);
    found.push(`${size} ${icon.purpose ?? 'any'}`);
  }
  expect(found).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  await page.close();
});
