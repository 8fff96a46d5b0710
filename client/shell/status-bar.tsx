import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { countUnsynced } from '../db/outbox';
import { SyncIndicator } from '../features/sync/sync-indicator';
import { formatBytes, isStoragePersisted, storageUse, type StorageUse } from './storage';
import { useOnline } from './use-online';

const REFRESH_MS = 60_000;

/** Network, unsynced work, storage use and quota, and the build this tablet runs. */
export function StatusBar() {
  const online = useOnline();
  const unsynced = useLiveQuery(countUnsynced, [], 0);
  const [use, setUse] = useState<StorageUse | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);

  useEffect(() => {
    let live = true;
    const refresh = () => {
      void storageUse().then((next) => live && setUse(next));
      void isStoragePersisted().then((next) => live && setPersisted(next));
    };
    refresh();
    const timer = window.setInterval(refresh, REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [unsynced]);

  return (
    <footer className="status-bar" aria-label="设备状态">
      <span className={online ? 'status-pill status-pill--online' : 'status-pill status-pill--offline'}>
        {online ? '在线' : '离线'}
      </span>
      <span className="status-bar__item">{unsynced > 0 ? `未同步 ${unsynced} 条` : '没有未同步的记录'}</span>
      <SyncIndicator />
      <span className="status-bar__item" data-testid="storage-use">
        {use ? `存储 已用 ${formatBytes(use.usage)} / 配额 ${formatBytes(use.quota)}` : '存储用量未知'}
      </span>
      {persisted === false ? (
        <span className="status-bar__item status-bar__warning">
          浏览器可能在空间不足时清理本机数据，请及时同步
        </span>
      ) : null}
      {persisted === true ? <span className="status-bar__item">已启用持久存储</span> : null}
      <span className="status-bar__item status-bar__build" data-testid="build-id">
        版本 {__APP_BUILD_ID__}
      </span>
    </footer>
  );
}
