import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePayload, sealBundle, type Bundle, type BundleDigests } from '../../shared/sync/bundle';
import type { Change } from '../../shared/sync/changes';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { encryptBundleFile } from '../support/bundle-crypto';
import {
  call,
  dbState,
  edit,
  newHousehold,
  push,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

const GRID = '341602001001';
const GRID2 = '341602001002';
const DEVICE = randomUUID();

const digests: BundleDigests = {
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacSha256Hex: (secret, text) =>
    createHmac('sha256', Buffer.from(secret, 'utf8')).update(text, 'utf8').digest('hex'),
};

let server: SyncTestServer;
let secret: string;

beforeAll(async () => {
  server = await startSyncTestServer();
  const key = await call<{ secret: string }>(
    server.url,
    server.accounts.grid.token,
    'POST',
    '/api/sync/device-key',
    { deviceId: DEVICE },
  );
  expect(key.status).toBe(200);
  secret = key.body.secret;
  // Asking again gives the same secret, so a bundle exported earlier still verifies.
  const again = await call<{ secret: string }>(
    server.url,
    server.accounts.grid.token,
    'POST',
    '/api/sync/device-key',
    { deviceId: DEVICE },
  );
  expect(again.body.secret).toBe(secret);
});
afterAll(() => server.close());

function outbox(unitId = GRID) {
  const photo = randomBytes(3000);
  const sha = createHash('sha256').update(photo).digest('hex');
  const household = newHousehold(unitId, { address: '离线录入的地址' });
  const changes: Change[] = [
    household,
    edit('member', randomUUID(), unitId, { householdId: [null, household.id], name: [null, '李四'] }),
    edit('attachment', randomUUID(), unitId, {
      householdId: [null, household.id],
      sha256: [null, sha],
      mimeType: [null, 'image/jpeg'],
      bytes: [null, photo.length],
      kind: [null, 'photo'],
      capturedAt: [null, '2026-03-02T08:00:00.000Z'],
    }),
  ];
  return { changes, photo, sha, householdId: household.id };
}

async function bundleOf(
  changes: Change[],
  attachments: { sha: string; photo: Buffer }[] = [],
  key = secret,
): Promise<Bundle> {
  return sealBundle(
    {
      format: 'bangfu-bundle',
      version: 1,
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      deviceId: DEVICE,
      userId: server.accounts.grid.id,
      username: 'sync-grid',
      createdAt: new Date().toISOString(),
      changes,
      attachments: attachments.map(({ sha, photo }) => ({
        sha256: sha,
        mimeType: 'image/jpeg',
        base64: photo.toString('base64'),
      })),
    },
    key,
    digests,
  );
}

interface ImportReply {
  applied: number;
  noop: number;
  conflicts: number;
  rejected: number;
  attachmentsStored: number;
  results: { changeId: string; status: string }[];
  error?: { code: string; message: string; details?: unknown };
}

/**
 * The signed bundle text encrypted as the tablet writes it (docs/sync-protocol.md, section 9.1), with the
 * key of the device the bundle names (or this file's device when the text is not a bundle at all).
 */
function sealed(text: string): Buffer {
  let device: { deviceId: string; userId: string } = { deviceId: DEVICE, userId: server.accounts.grid.id };
  try {
    const named = JSON.parse(text) as { deviceId?: unknown; userId?: unknown };
    if (typeof named.deviceId === 'string' && typeof named.userId === 'string')
      device = { deviceId: named.deviceId, userId: named.userId };
  } catch {
    // not JSON: encrypted as this file's device
  }
  return encryptBundleFile(text, secret, device);
}

function importFile(text: string, token = server.accounts.township.token) {
  return call<ImportReply>(server.url, token, 'POST', '/api/sync/bundles', sealed(text), {
    'content-type': 'application/octet-stream',
  });
}

async function expectRefused(text: string, status: number, code: string, token?: string) {
  const before = dbState(server.db);
  const reply = await importFile(text, token);
  expect(reply.status).toBe(status);
  expect(reply.body.error?.code).toBe(code);
  expect(reply.body.error?.message).toMatch(/未导入任何数据|无权/);
  expect(dbState(server.db)).toEqual(before);
}

describe('bundle files', () => {
  it('imports a bundle with its photo, and importing it again changes nothing', async () => {
    const { changes, photo, sha, householdId } = outbox();
    const text = JSON.stringify(await bundleOf(changes, [{ sha, photo }]));
    const first = await importFile(text);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      applied: 3,
      noop: 0,
      conflicts: 0,
      rejected: 0,
      attachmentsStored: 1,
    });
    const household = server.db
      .prepare('SELECT created_by, unit_id FROM sync_records WHERE id = ?')
      .get(householdId);
    // Written as the grid worker who made the changes, not as the township that imported them.
    expect(household).toEqual({ created_by: server.accounts.grid.id, unit_id: GRID });

    const before = dbState(server.db);
    const second = await importFile(text);
    expect(second.status).toBe(200);
    expect(second.body.results).toEqual(first.body.results);
    expect(second.body.attachmentsStored).toBe(0);
    expect(dbState(server.db)).toEqual(before);

    // The photo can be opened by the township like any uploaded attachment.
    const download = await fetch(`${server.url}/api/attachments/${sha}`, {
      headers: { authorization: `Bearer ${server.accounts.township.token}` },
    });
    expect(download.status).toBe(200);
  });

  it("takes a bundle that left a photo out; the photo arrives with the tablet's online sync", async () => {
    const { changes, photo, sha } = outbox();
    const imported = await importFile(JSON.stringify(await bundleOf(changes)));
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ applied: 3, rejected: 0, attachmentsStored: 0 });
    const open = () =>
      fetch(`${server.url}/api/attachments/${sha}`, {
        headers: { authorization: `Bearer ${server.accounts.township.token}` },
      });
    const missing = await open();
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('attachment_missing');
    // Back online, the tablet uploads the photo its attachment record names.
    const upload = await fetch(`${server.url}/api/attachments/${sha}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${server.accounts.grid.token}`,
        'upload-offset': '0',
        'upload-length': String(photo.length),
        'content-type': 'application/offset+octet-stream',
      },
      body: new Uint8Array(photo),
    });
    expect(upload.status).toBeLessThan(300);
    expect((await open()).status).toBe(200);
  });

  it('changes nothing when the bundle holds changes that were also pushed online', async () => {
    const { changes } = outbox();
    const online = await push(server, server.accounts.grid.token, DEVICE, changes);
    expect(online.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const before = dbState(server.db);
    const imported = await importFile(JSON.stringify(await bundleOf(changes)));
    expect(imported.status).toBe(200);
    expect(imported.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(dbState(server.db)).toEqual(before);
  });

  it('refuses a damaged file and applies nothing', async () => {
    const { changes } = outbox();
    const text = JSON.stringify(await bundleOf(changes));
    await expectRefused(text.replace('离线录入的地址', '离线录入的地趾'), 422, 'bundle_damaged');
    await expectRefused(text.slice(0, text.length - 40), 422, 'bundle_damaged');
    await expectRefused('这不是同步文件', 422, 'bundle_damaged');
  });

  it('refuses a file changed and re-hashed by someone without the device secret', async () => {
    const { changes } = outbox();
    const sealed = await bundleOf(changes);
    const forged = JSON.parse(JSON.stringify(sealed)) as Bundle;
    const first = forged.changes[0];
    if (first?.kind === 'record') first.fields.address = { from: null, to: '伪造的地址' };
    const { hash: _hash, signature, ...rest } = forged;
    // The hash is recomputed for the new content; the signature cannot be without the device secret.
    const rehash = createHash('sha256').update(bundlePayload(rest), 'utf8').digest('hex');
    expect(rehash).not.toBe(sealed.hash);
    await expectRefused(JSON.stringify({ ...rest, hash: rehash, signature }), 422, 'bundle_tampered');
    // Signed with a made-up secret.
    await expectRefused(
      JSON.stringify(await bundleOf(changes, [], 'guessed-secret-guessed-secret-guessed')),
      422,
      'bundle_tampered',
    );
  });

  it('refuses a bundle from a device the server never issued a secret to', async () => {
    const { changes } = outbox();
    const sealed = await bundleOf(changes);
    const { hash: _h, signature: _s, ...rest } = sealed;
    const other = await sealBundle({ ...rest, deviceId: randomUUID() }, secret, digests);
    await expectRefused(JSON.stringify(other), 422, 'bundle_unknown_device');
  });

  it('refuses a bundle outside the importer scope or the author scope, and importers other than township or county staff', async () => {
    const { changes } = outbox();
    const text = JSON.stringify(await bundleOf(changes));
    await expectRefused(text, 403, 'bundle_out_of_scope', server.accounts.township2.token);
    // The township covers both grids, but the grid worker who wrote the bundle does not cover grid 2.
    const foreign = outbox(GRID2);
    await expectRefused(
      JSON.stringify(await bundleOf([...changes, ...foreign.changes])),
      403,
      'bundle_out_of_scope',
    );
    const gridImport = await importFile(text, server.accounts.grid.token);
    expect(gridImport.status).toBe(403);
  });
});
