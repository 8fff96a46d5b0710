import type { SyncContext } from './context';

/** The grid worker's sync context the engine's unit tests run as (the demo grid 341602001001). */
export const TEST_UNIT = '341602001001';

export const testSyncContext: SyncContext = {
  token: () => 'token',
  deviceId: '00000000-0000-4000-8000-000000000001',
  user: {
    id: 'u-grid',
    username: 'grid',
    displayName: '刘网格',
    role: 'grid_worker',
    unitId: TEST_UNIT,
    unitName: '花戏楼社区第一网格',
    unitLevel: 'grid',
    unitPath: '341600/341602/341602001/341602001001',
  },
  report: () => undefined,
};
