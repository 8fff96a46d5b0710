/**
 * A short, readable name for a browser's User-Agent, e.g. "Android 13 · Chrome 131" or "Windows · Edge 120",
 * shown beside a device so the township can tell tablets apart (docs/administration.md). Never more than
 * 80 characters; null when there is no header.
 */
export function userAgentSummary(header: string | undefined): string | null {
  if (!header) return null;
  const system = systemOf(header);
  const browser = browserOf(header);
  const summary = [system, browser].filter((part) => part !== null).join(' · ');
  return (summary || header).slice(0, 80);
}

function systemOf(ua: string): string | null {
  const android = /Android (\d+(?:\.\d+)?)/.exec(ua);
  if (android) return `Android ${android[1]}`;
  if (/HarmonyOS/.test(ua)) return 'HarmonyOS';
  if (/iPad/.test(ua)) return 'iPad';
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/Windows NT/.test(ua)) return 'Windows';
  if (/Mac OS X/.test(ua)) return 'macOS';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Linux/.test(ua)) return 'Linux';
  return null;
}

function browserOf(ua: string): string | null {
  const patterns: [RegExp, string][] = [
    [/MicroMessenger\/(\d+)/, '微信'],
    [/HeyTapBrowser\/(\d+)/, 'OPPO 浏览器'],
    [/HuaweiBrowser\/(\d+)/, '华为浏览器'],
    [/MiuiBrowser\/(\d+)/, '小米浏览器'],
    [/UCBrowser\/(\d+)/, 'UC 浏览器'],
    [/QQBrowser\/(\d+)/, 'QQ 浏览器'],
    [/Edg\/(\d+)/, 'Edge'],
    [/HeadlessChrome\/(\d+)/, 'Chrome'],
    [/Chrome\/(\d+)/, 'Chrome'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/Version\/(\d+).*Safari/, 'Safari'],
  ];
  for (const [pattern, name] of patterns) {
    const match = pattern.exec(ua);
    if (match) return `${name} ${match[1]}`;
  }
  return null;
}
