import { setMeta } from '../db/meta';

export interface StorageUse {
  usage: number;
  quota: number;
}

/**
 * Asks the browser not to evict this origin's data under storage pressure (days of offline work live only
 * here). Chromium decides without a prompt; the answer is remembered for the status area.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  await setMeta('storagePersisted', persisted);
  return persisted;
}

export async function isStoragePersisted(): Promise<boolean> {
  return navigator.storage?.persisted ? navigator.storage.persisted() : false;
}

export async function storageUse(): Promise<StorageUse | null> {
  if (!navigator.storage?.estimate) return null;
  const { usage, quota } = await navigator.storage.estimate();
  return usage === undefined || quota === undefined ? null : { usage, quota };
}

/** Bytes as the status area shows them, e.g. "12.3 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
