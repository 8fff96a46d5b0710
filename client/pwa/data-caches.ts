/**
 * Empties every Cache Storage cache except the service worker's precache (the app shell), so a revoked
 * tablet keeps no data in a cache while it can still start and show the login screen. The app caches no
 * API replies today; this holds the line should one ever be added.
 */
export async function clearDataCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => !name.startsWith('workbox-precache')).map((name) => caches.delete(name)),
  );
}
