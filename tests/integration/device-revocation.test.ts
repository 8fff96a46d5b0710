import { createHash, createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../sync-server/auth/sessions';
import { idNumberCheckChar } from '../../shared/validation/id-number';
import { sealBundle, type BundleDigests } from '../../shared/sync/bundle';
import type { Change } from '../../shared/sync/changes';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type DevicesReply } from '../../shared/sync/protocol';
import { decryptBundleFile, encryptBundleFile } from '../support/bundle-crypto';
import {
  call,
  dbState,
  newHousehold,
  pushBody,
  startSyncTestServer,
  type AccountName,
  type SyncTestServer,
} from './sync-fixtures';

// Lost or handed-over tablets (docs/administration.md) and encrypted bundle files (sync-protocol.md 9.1).

const GRID = '341602001001';
const digests: BundleDigests = {
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacSha256Hex: (secret, text) =>
    createHmac('sha256', Buffer.from(secret, 'utf8')).update(text, 'utf8').digest('hex'),
};

let server: SyncTestServer;
let plainServer: SyncTestServer;

beforeAll(async () => {
  [server, plainServer] = await Promise.all([
    startSyncTestServer(),
    startSyncTestServer({ acceptPlainBundles: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([server.close(), plainServer.close()]);
});

interface Tablet {
  deviceId: string;
  token: string;
  secret: string;
  userId: string;
}

type ErrorBody = { error?: { code: string; message: string; details?: Record<string, unknown> } };

/** A tablet of `account`: its own session bound to a new device id, and the device's signing secret. */
async function tabletOf(account: AccountName, on = server): Promise<Tablet> {
  const deviceId = randomUUID();
  const userId = on.accounts[account].id;
  const { token } = createSession(on.db, userId, 24, deviceId);
  const key = await call<{ secret: string }>(on.url, token, 'POST', '/api/sync/device-key', { deviceId });
  expect(key.status).toBe(200);
  return { deviceId, token, secret: key.body.secret, userId };
}

async function signedBundle(tablet: Tablet, changes: Change[]): Promise<string> {
  const bundle = await sealBundle(
    {
      format: 'bangfu-bundle',
      version: 1,
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      deviceId: tablet.deviceId,
      userId: tablet.userId,
      username: 'sync-grid',
      createdAt: new Date().toISOString(),
      changes,
      attachments: [],
    },
    tablet.secret,
    digests,
  );
  return JSON.stringify(bundle);
}

function importFile(file: Buffer | string, on = server, token = on.accounts.township.token) {
  return call<ErrorBody & { applied?: number }>(on.url, token, 'POST', '/api/sync/bundles', file, {
    'content-type': 'application/octet-stream',
  });
}

async function expectRefused(file: Buffer | string, code: string, status = 422): Promise<string> {
  const before = dbState(server.db);
  const reply = await importFile(file);
  expect(reply.status).toBe(status);
  expect(reply.body.error?.code).toBe(code);
  expect(reply.body.error?.message).toMatch(/未导入任何数据/);
  expect(dbState(server.db)).toEqual(before);
  return reply.body.error?.message ?? '';
}

function revoke(account: AccountName, deviceId: string, body: unknown = { reason: '平板丢失' }) {
  return call<ErrorBody & { revocation?: { pushFirst: boolean } }>(
    server.url,
    server.accounts[account].token,
    'POST',
    `/api/sync/devices/${deviceId}/revoke`,
    body,
  );
}

let serial = 100;
/** A valid ID number of its own for each household, so no duplicate check gets in the way. */
function idNumber(): string {
  const first17 = `3416021980031${String(serial++).padStart(4, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

function household(headIdNumber = idNumber()): Change {
  return newHousehold(GRID, { headIdNumber, address: '花戏楼街道1号' });
}

describe('encrypted bundle files', () => {
  it('round trip: the file reveals nothing, and the server decrypts, verifies and applies it', async () => {
    const tablet = await tabletOf('grid');
    const id = idNumber();
    const file = encryptBundleFile(await signedBundle(tablet, [household(id)]), tablet.secret, tablet);
    expect(file.subarray(0, 8).toString('latin1')).toBe('BANGFUE1');
    for (const secretText of [id, '花戏楼街道1号', 'headIdNumber'])
      expect(file.includes(Buffer.from(secretText, 'utf8'))).toBe(false);
    const reply = await importFile(file);
    expect(reply.status).toBe(200);
    expect(reply.body.applied).toBe(1);
  });

  it('refuses a tampered ciphertext, a tampered header, a wrong key and a foreign device', async () => {
    const tablet = await tabletOf('grid');
    const text = await signedBundle(tablet, [household()]);
    const file = encryptBundleFile(text, tablet.secret, tablet);

    const flipped = Buffer.from(file);
    flipped[flipped.length - 40] = (flipped[flipped.length - 40] ?? 0) ^ 1;
    const message = await expectRefused(flipped, 'bundle_decrypt_failed');
    expect(message).toMatch(/无法解密/);

    // The header is authenticated: a changed salt (still well-formed) derives another key and fails.
    const headerAt = file.indexOf('"salt":"') + 8;
    const header = Buffer.from(file);
    header[headerAt] = header[headerAt] === 0x30 ? 0x31 : 0x30;
    await expectRefused(header, 'bundle_decrypt_failed');

    // Encrypted with another device's key while naming this device.
    const other = await tabletOf('grid');
    await expectRefused(encryptBundleFile(text, other.secret, tablet), 'bundle_decrypt_failed');
    // A header naming another device of the same user than the signed bundle inside: spliced.
    await expectRefused(encryptBundleFile(text, other.secret, other), 'bundle_tampered');
    // A file from another server: its device is unknown here.
    const foreign = await tabletOf('grid', plainServer);
    await expectRefused(
      encryptBundleFile(await signedBundle(foreign, [household()]), foreign.secret, foreign),
      'bundle_unknown_device',
    );
    // Cut short.
    await expectRefused(file.subarray(0, 30), 'bundle_damaged');
  });

  it('refuses an old unencrypted file unless ACCEPT_PLAIN_BUNDLES allows it', async () => {
    const tablet = await tabletOf('grid');
    const message = await expectRefused(await signedBundle(tablet, [household()]), 'bundle_unencrypted');
    expect(message).toMatch(/重新导出/);

    const old = await tabletOf('grid', plainServer);
    const accepted = await importFile(await signedBundle(old, [household()]), plainServer);
    expect(accepted.status).toBe(200);
    expect(accepted.body.applied).toBe(1);
  });

  it('an outside decryption of the file gives back the signed bundle', async () => {
    const tablet = await tabletOf('grid');
    const text = await signedBundle(tablet, [household()]);
    const opened = decryptBundleFile(encryptBundleFile(text, tablet.secret, tablet), tablet.secret);
    expect(opened.plain).toBe(text);
    expect(opened.header).toMatchObject({ deviceId: tablet.deviceId, alg: 'AES-256-GCM' });
  });
});

describe('revoking a device', () => {
  it('is refused for the wrong role or a unit outside the scope, and for a bad request', async () => {
    const tablet = await tabletOf('grid');
    const before = dbState(server.db);
    for (const account of ['grid', 'grid2', 'city'] as const) {
      const reply = await revoke(account, tablet.deviceId);
      expect(reply.status).toBe(403);
      expect(reply.body.error?.code).toBe('forbidden_role');
    }
    for (const account of ['township2', 'county2'] as const) {
      const reply = await revoke(account, tablet.deviceId);
      expect(reply.status).toBe(403);
      expect(reply.body.error?.code).toBe('out_of_scope');
      expect(reply.body.error?.message).toMatch(/管辖范围/);
    }
    expect((await revoke('township', randomUUID())).status).toBe(404);
    const noReason = await revoke('township', tablet.deviceId, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(dbState(server.db)).toEqual(before);
    // The tablet still works.
    const pull = await call(server.url, tablet.token, 'GET', '/api/sync/pull?since=0');
    expect(pull.status).toBe(200);
  });

  it('with a last push allowed: the push goes through once, everything else says device_revoked, then the wipe ends it', async () => {
    const tablet = await tabletOf('grid');
    const exported = encryptBundleFile(await signedBundle(tablet, [household()]), tablet.secret, tablet);
    const reply = await revoke('township', tablet.deviceId, { reason: '网格员调离，平板交回' });
    expect(reply.status).toBe(200);
    expect(reply.body.revocation?.pushFirst).toBe(true);
    const audit = server.db
      .prepare("SELECT user_id, detail FROM audit_log WHERE action = 'device.revoke' AND entity_id = ?")
      .get(tablet.deviceId) as { user_id: string; detail: string } | undefined;
    expect(audit?.user_id).toBe(server.accounts.township.id);
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({
      reason: '网格员调离，平板交回',
      pushFirst: true,
    });
    expect((await revoke('county', tablet.deviceId)).status).toBe(409);

    const pull = await call<ErrorBody>(server.url, tablet.token, 'GET', '/api/sync/pull?since=0');
    expect(pull.status).toBe(403);
    expect(pull.body.error?.code).toBe('device_revoked');
    expect(pull.body.error?.details).toMatchObject({ finalPushOpen: true, reason: '网格员调离，平板交回' });
    // The signing secret is refused, and so is any file the device signed.
    const key = await call<ErrorBody>(
      server.url,
      server.accounts.grid.token,
      'POST',
      '/api/sync/device-key',
      {
        deviceId: tablet.deviceId,
      },
    );
    expect(key.body.error?.code).toBe('device_revoked');
    expect(await expectRefused(exported, 'bundle_device_revoked')).toMatch(/已停用/);
    // Signing in again on the tablet is refused with the same code, whatever the password.
    const login = await call<ErrorBody>(server.url, null, 'POST', '/api/auth/login', {
      username: 'sync-grid',
      password: 'whatever',
      deviceId: tablet.deviceId,
    });
    expect(login.status).toBe(403);
    expect(login.body.error?.code).toBe('device_revoked');

    const last = household();
    const pushed = await call<{ results: { status: string }[] }>(
      server.url,
      tablet.token,
      'POST',
      '/api/sync/push',
      pushBody(tablet.deviceId, [last], { pendingCount: 0 }),
    );
    expect(pushed.status).toBe(200);
    expect(pushed.body.results[0]?.status).toBe('applied');

    const wiped = await call(server.url, tablet.token, 'POST', '/api/sync/devices/wiped', {
      deviceId: tablet.deviceId,
    });
    expect(wiped.status).toBe(204);
    // The session is gone; the overview shows the device as revoked and wiped.
    const after = await call(
      server.url,
      tablet.token,
      'POST',
      '/api/sync/push',
      pushBody(tablet.deviceId, [household()]),
    );
    expect(after.status).toBe(401);
    const overview = await call<DevicesReply>(
      server.url,
      server.accounts.township.token,
      'GET',
      '/api/sync/devices',
    );
    const device = overview.body.workers
      .flatMap((w) => w.devices)
      .find((d) => d.deviceId === tablet.deviceId);
    expect(device?.revocation).toMatchObject({ pushFirst: true, revokedByName: '陈乡镇' });
    expect(device?.revocation?.wipedAt).not.toBeNull();
  });

  it('without a last push: the session is refused at once, the push included, and nothing is written', async () => {
    const tablet = await tabletOf('grid');
    const reply = await revoke('county', tablet.deviceId, { reason: '平板丢失', pushFirst: false });
    expect(reply.status).toBe(200);
    const before = dbState(server.db);
    for (const [method, route, body] of [
      ['POST', '/api/sync/push', pushBody(tablet.deviceId, [household()])],
      ['GET', '/api/auth/whoami', undefined],
      ['GET', '/api/sync/pull?since=0', undefined],
    ] as const) {
      const refused = await call<ErrorBody>(server.url, tablet.token, method, route, body);
      expect(refused.status, route).toBe(403);
      expect(refused.body.error?.code).toBe('device_revoked');
      expect(refused.body.error?.message).toMatch(/本设备已被停用/);
      expect(refused.body.error?.details).toMatchObject({ finalPushOpen: false });
    }
    expect(dbState(server.db)).toEqual(before);
    // Other devices of the same worker go on working.
    const other = await tabletOf('grid');
    expect((await call(server.url, other.token, 'GET', '/api/sync/pull?since=0')).status).toBe(200);
  });

  it('the administrator revokes any device; the overview names the tablet', async () => {
    const tablet = await tabletOf('grid3');
    await call(
      server.url,
      tablet.token,
      'GET',
      `/api/sync/pull?since=0&deviceId=${tablet.deviceId}`,
      undefined,
      {
        'user-agent':
          'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36',
      },
    );
    const label = await call(server.url, tablet.token, 'PUT', '/api/sync/devices/mine/label', {
      deviceId: tablet.deviceId,
      label: '吴网格的华为平板',
    });
    expect(label.status).toBe(200);
    const overview = await call<DevicesReply>(
      server.url,
      server.accounts.admin.token,
      'GET',
      '/api/sync/devices',
    );
    const device = overview.body.workers
      .flatMap((w) => w.devices)
      .find((d) => d.deviceId === tablet.deviceId);
    expect(device).toMatchObject({
      label: '吴网格的华为平板',
      userAgent: 'Android 13 · Chrome 131',
      revocation: null,
    });
    expect((await revoke('admin', tablet.deviceId)).status).toBe(200);
  });
});
