import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealBundle, type BundleDigests } from '../../shared/sync/bundle';
import { encryptBundleFile } from '../support/bundle-crypto';
import type { Change, CommandChange, PushReply } from '../../shared/sync/changes';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import {
  call,
  dbState,
  edit,
  newHousehold,
  push,
  startSyncTestServer,
  type AccountName,
  type SyncTestServer,
} from './sync-fixtures';

/**
 * Holes an outside test of the running server found (issue 8), each kept closed here: files reached by
 * naming their hash, bundle commands acting on another county, and record changes naming fields their
 * type does not have.
 */

const GRID_A = '341602001001'; // 谯城区 (county A), account grid
const GRID_B = '341621001001'; // 涡阳县 (county B), account grid3

let server: SyncTestServer;
beforeAll(async () => {
  server = await startSyncTestServer();
});
afterAll(() => server.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const token = (who: AccountName) => server.accounts[who].token;

function upload(who: AccountName, bytes: Buffer) {
  return call(server.url, token(who), 'PUT', `/api/attachments/${sha256(bytes)}`, bytes, {
    'content-type': 'application/offset+octet-stream',
    'upload-offset': '0',
    'upload-length': String(bytes.length),
  });
}

async function head(who: AccountName, sha: string) {
  const reply = await fetch(`${server.url}/api/attachments/${sha}`, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${token(who)}` },
  });
  return { status: reply.status, offset: reply.headers.get('upload-offset') };
}

async function download(who: AccountName, sha: string) {
  const reply = await fetch(`${server.url}/api/attachments/${sha}`, {
    headers: { authorization: `Bearer ${token(who)}` },
  });
  const bytes = Buffer.from(await reply.arrayBuffer());
  return { status: reply.status, bytes };
}

function attachmentOf(unitId: string, householdId: string, sha: string, bytes: number) {
  return edit('attachment', randomUUID(), unitId, {
    householdId: [null, householdId],
    sha256: [null, sha],
    mimeType: [null, 'image/jpeg'],
    bytes: [null, bytes],
    kind: [null, 'photo'],
    capturedAt: [null, '2026-03-02T08:00:00.000Z'],
  });
}

/** A household with a document photo, pushed by `who` after uploading the photo. */
async function householdWithPhoto(who: AccountName, unitId: string) {
  const photo = randomBytes(4000);
  const sha = sha256(photo);
  expect((await upload(who, photo)).status).toBe(201);
  const household = newHousehold(unitId);
  const reply = await push(server, token(who), randomUUID(), [
    household,
    attachmentOf(unitId, household.id, sha, photo.length),
  ]);
  expect(reply.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  return { photo, sha, householdId: household.id };
}

function statuses(reply: { body: PushReply }) {
  return reply.body.results.map((r) => [r.status, r.error?.code ?? null]);
}

describe('files named by hash', () => {
  it('refuses a record in another county that names a stored file, and never serves it there', async () => {
    const victim = await householdWithPhoto('grid', GRID_A);
    const own = newHousehold(GRID_B);
    const training = edit('training', randomUUID(), GRID_B, {
      unitId: [null, GRID_B],
      topic: [null, '政策宣讲'],
      photoShas: [null, [victim.sha]],
    });
    const visit = edit('visit', randomUUID(), GRID_B, {
      householdId: [null, own.id],
      unitId: [null, GRID_B],
      checklist: [null, [{ itemId: 'id_card', ticked: true, attachmentShas: [victim.sha] }]],
    });
    const reply = await push(server, token('grid3'), randomUUID(), [
      own,
      attachmentOf(GRID_B, own.id, victim.sha, victim.photo.length),
      training,
      visit,
    ]);
    expect(reply.status).toBe(200);
    expect(statuses(reply)).toEqual([
      ['applied', null],
      ['rejected', 'file_not_accessible'],
      ['rejected', 'file_not_accessible'],
      ['rejected', 'file_not_accessible'],
    ]);
    expect(reply.body.results[1]?.error?.message).toMatch(/只能引用本人上传的文件/);
    expect((await download('grid3', victim.sha)).status).toBe(403);
    expect((await download('county2', victim.sha)).status).toBe(403);
    // Whether the server holds the file is no secret to learn from its hash either.
    expect(await head('grid3', victim.sha)).toEqual({ status: 404, offset: '0' });
    // Its own county still reads it.
    const county = await download('county', victim.sha);
    expect(county.status).toBe(200);
    expect(sha256(county.bytes)).toBe(victim.sha);
  });

  it('gives a record that named a hash before the file arrived no access to it', async () => {
    const photo = randomBytes(4500);
    const sha = sha256(photo);
    // Another county names the hash first, while the server does not hold the file: accepted, but owning nothing.
    const own = newHousehold(GRID_B);
    const early = await push(server, token('grid3'), randomUUID(), [
      own,
      attachmentOf(GRID_B, own.id, sha, photo.length),
    ]);
    expect(statuses(early)).toEqual([
      ['applied', null],
      ['applied', null],
    ]);
    const waiting = await download('grid3', sha);
    expect(waiting.status).toBe(404);
    // The file's real owner pushes a record first and the photo afterwards (words before photos).
    const household = newHousehold(GRID_A);
    const late = await push(server, token('grid'), randomUUID(), [
      household,
      attachmentOf(GRID_A, household.id, sha, photo.length),
    ]);
    expect(statuses(late)).toEqual([
      ['applied', null],
      ['applied', null],
    ]);
    expect((await upload('grid', photo)).status).toBe(201);
    expect((await download('grid', sha)).status).toBe(200);
    expect((await download('county', sha)).status).toBe(200);
    expect((await download('grid3', sha)).status).toBe(403);
    expect((await download('county2', sha)).status).toBe(403);
  });

  it('lets a user who sends the bytes themselves use a stored file', async () => {
    const victim = await householdWithPhoto('grid', GRID_A);
    expect(await head('grid3', victim.sha)).toEqual({ status: 404, offset: '0' });
    // Sending the same bytes proves possession: nothing new is stored, the upload is credited.
    const again = await upload('grid3', victim.photo);
    expect(again.status).toBe(200);
    expect((await head('grid3', victim.sha)).status).toBe(200);
    const own = newHousehold(GRID_B);
    const reply = await push(server, token('grid3'), randomUUID(), [
      own,
      attachmentOf(GRID_B, own.id, victim.sha, victim.photo.length),
    ]);
    expect(statuses(reply)).toEqual([
      ['applied', null],
      ['applied', null],
    ]);
    expect((await download('grid3', victim.sha)).status).toBe(200);
  });

  it('lets staff above a grid name a file a record in their scope already owns', async () => {
    const { sha, photo, householdId } = await householdWithPhoto('grid', GRID_A);
    const reply = await push(server, token('township'), randomUUID(), [
      attachmentOf(GRID_A, householdId, sha, photo.length),
    ]);
    expect(statuses(reply)).toEqual([['applied', null]]);
    // …but a grid worker of the neighbouring grid, who cannot see that record, may not.
    const other = newHousehold('341602001002');
    const neighbour = await push(server, token('grid2'), randomUUID(), [
      other,
      attachmentOf('341602001002', other.id, sha, photo.length),
    ]);
    expect(statuses(neighbour)[1]).toEqual(['rejected', 'file_not_accessible']);
  });
});

const digests: BundleDigests = {
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacSha256Hex: (secret, text) =>
    createHmac('sha256', Buffer.from(secret, 'utf8')).update(text, 'utf8').digest('hex'),
};

async function bundleBy(author: AccountName, changes: Change[]): Promise<Buffer> {
  const deviceId = randomUUID();
  const key = await call<{ secret: string }>(server.url, token(author), 'POST', '/api/sync/device-key', {
    deviceId,
  });
  expect(key.status).toBe(200);
  const bundle = await sealBundle(
    {
      format: 'bangfu-bundle',
      version: 1,
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      deviceId,
      userId: server.accounts[author].id,
      username: `sync-${author}`,
      createdAt: new Date().toISOString(),
      changes,
      attachments: [],
    },
    key.body.secret,
    digests,
  );
  return encryptBundleFile(JSON.stringify(bundle), key.body.secret, {
    deviceId,
    userId: server.accounts[author].id,
  });
}

function registration(unitPath?: string): CommandChange {
  return {
    kind: 'command',
    changeId: randomUUID(),
    caseId: randomUUID(),
    command: 'register',
    payload: {
      entryChannel: 'grassroots_found',
      reportedOn: '2026-03-02',
      ...(unitPath === undefined ? {} : { unitPath }),
    },
  };
}

function importAs(importer: AccountName, text: Buffer) {
  return call<{ applied?: number; error?: { code: string; message: string } }>(
    server.url,
    token(importer),
    'POST',
    '/api/sync/bundles',
    text,
    { 'content-type': 'application/octet-stream' },
  );
}

describe('bundle commands are checked against the unit they act on', () => {
  it("refuses a county's import of a registration filed in another county", async () => {
    // A grid worker of county B registers a case in their own grid; county A's staff import the file.
    const text = await bundleBy('grid3', [registration()]);
    const before = dbState(server.db);
    const reply = await importAs('county', text);
    expect(reply.status).toBe(403);
    expect(reply.body.error?.code).toBe('bundle_out_of_scope');
    expect(reply.body.error?.message).toMatch(/未导入任何数据/);
    expect(dbState(server.db)).toEqual(before);
    // Their own county imports it.
    const own = await importAs('county2', text);
    expect(own.status).toBe(200);
    expect(own.body.applied).toBe(1);
  });

  it('refuses a registration whose payload files the case outside the author', async () => {
    const text = await bundleBy('grid', [registration('341600/341621/341621001/341621001001')]);
    const before = dbState(server.db);
    const reply = await importAs('township', text);
    expect(reply.status).toBe(403);
    expect(reply.body.error?.code).toBe('bundle_out_of_scope');
    expect(dbState(server.db)).toEqual(before);
  });

  it('checks the steps after a registration in the same file against the importer too', async () => {
    const register = registration();
    const startVisit: CommandChange = {
      kind: 'command',
      changeId: randomUUID(),
      caseId: register.caseId,
      command: 'startVisit',
      payload: {},
    };
    const text = await bundleBy('grid3', [register, startVisit]);
    const reply = await importAs('township', text);
    expect(reply.status).toBe(403);
    expect(reply.body.error?.code).toBe('bundle_out_of_scope');
  });
});

describe('fields a record type does not have', () => {
  it('refuses them before any merge, so no conflict can open', async () => {
    const household = newHousehold(GRID_A);
    expect(statuses(await push(server, token('grid'), randomUUID(), [household]))).toEqual([
      ['applied', null],
    ]);
    const bogus = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`made_up_${i}`, ['something the server never had', i]]),
    ) as Record<string, [string, number]>;
    const before = dbState(server.db);
    const reply = await push(server, token('grid'), randomUUID(), [
      edit('household', household.id, GRID_A, { ...bogus, address: [null, '新地址'] }, 1),
    ]);
    expect(reply.status).toBe(200);
    const [result] = reply.body.results;
    expect(result?.status).toBe('rejected');
    expect(result?.error?.code).toBe('invalid_data');
    expect(result?.error?.message).toMatch(/没有字段「made_up_0」/);
    expect(result?.conflicts).toBeUndefined();
    const after = dbState(server.db);
    expect(after.conflicts).toBe(before.conflicts);
    expect(after.maxRev).toBe(before.maxRev);
    // The reply stays small: a refusal, not thousands of conflicts.
    expect(JSON.stringify(reply.body).length).toBeLessThan(10_000);
  });

  it('opens at most one conflict per real field of the type', async () => {
    const household = newHousehold(GRID_A, { address: '旧地址' });
    await push(server, token('grid'), randomUUID(), [household]);
    const before = dbState(server.db);
    const reply = await push(server, token('grid'), randomUUID(), [
      edit('household', household.id, GRID_A, { address: ['别的地址', '新地址'] }, 1),
    ]);
    expect(reply.body.results[0]?.status).toBe('conflict');
    expect(dbState(server.db).conflicts - before.conflicts).toBe(1);
  });
});
