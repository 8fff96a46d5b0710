import type { LoginReply, SessionUserInfo } from '../../shared/auth';
import { ApiFailure } from '../api/api-failure';
import { startSessionPeek, takeSessionPeek } from '../db/session-peek';
import {
  loginFailureMessage,
  NEEDS_NETWORK_MESSAGE,
  PIN_LOCKOUT_MESSAGE,
  sessionRejectedNotice,
} from './messages';
import { hashPin, MAX_PIN_FAILURES, pinProblem, verifyPin } from './pin';

/**
 * Where the device stands:
 * - signedOut: no usable session; the password is needed (online). `notice` says why, when it matters.
 * - choosingPin: the password was accepted online; the session is kept in memory until a PIN is set.
 * - locked: a session with a PIN is stored; every start asks for the PIN (works offline).
 * - unlocked: the user is in; `token` may be used for API calls and sync.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; notice: string | null }
  | { status: 'choosingPin'; login: LoginReply; deviceId: string }
  | { status: 'locked'; user: SessionUserInfo; failures: number }
  | { status: 'unlocked'; user: SessionUserInfo; token: string; expiresAt: string };

/**
 * The login, logout and whoami requests with their schemas (zod): loaded when first needed, never with the
 * first screen, which reads the stored session from IndexedDB alone (docs/benchmarks.md, first screen).
 * main.tsx fetches them while the login or PIN screen waits for the user.
 */
const authApi = () => import('./auth-api');

/**
 * The local database (Dexie) with the session's reads and writes, the outbox count and the device id:
 * loaded after the first screen is painted (main.tsx fetches it while the user types), never before it. The
 * first screen itself reads the stored session with IndexedDB alone (`peekSession`).
 */
const local = () =>
  Promise.all([import('../db/session'), import('../db/outbox'), import('../db/meta')]).then(
    ([session, outbox, meta]) => ({ ...session, ...outbox, ...meta }),
  );

// The stored session is read from the moment this module is evaluated: the app's entry imports it before
// React, whose evaluation alone takes ~0.5 s on a slow tablet, so the answer is there when initSession asks.
startSessionPeek();

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSessionState(): SessionState {
  return state;
}

/** The bearer token while the device is unlocked (the sync engine asks here), otherwise null. */
export function currentToken(): string | null {
  return state.status === 'unlocked' ? state.token : null;
}

function revokeQuietly(token: string): void {
  if (navigator.onLine)
    authApi()
      .then((api) => api.requestLogout(token))
      .catch(() => undefined);
}

/** Reads the stored session at start: with one, the app is locked until the PIN is given. */
export async function initSession(): Promise<void> {
  try {
    const session = await takeSessionPeek();
    setState(
      session
        ? { status: 'locked', user: session.user, failures: session.pinFailures }
        : { status: 'signedOut', notice: null },
    );
  } catch (error) {
    setState({ status: 'signedOut', notice: databaseProblem(error) });
  }
}

function databaseProblem(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `无法打开本机数据库（${reason}），请检查浏览器是否禁用了网站数据。`;
}

/**
 * Opens the local database with Dexie (on a new device: creates it) once the first screen is up, so the
 * login or the PIN does not wait for it. A database Dexie cannot open (e.g. left by a newer version of the
 * app) sends the user to the login screen with the reason, as before the first screen read the session
 * without Dexie.
 */
export async function openLocalDatabase(): Promise<void> {
  // Without the code (offline before the service worker held it) there is nothing to open: the login says so.
  const database = await import('../db/database').catch(() => null);
  if (!database) return;
  try {
    await database.db.open();
  } catch (error) {
    if (state.status === 'loading' || state.status === 'locked' || state.status === 'signedOut')
      setState({ status: 'signedOut', notice: databaseProblem(error) });
  }
}

export type SignInResult =
  | { outcome: 'ok' }
  | { outcome: 'error'; message: string }
  /** Another account's unsynced work is on this tablet; signing in would erase it. Ask, then retry. */
  | { outcome: 'confirmWipe'; unsynced: number; ownerName: string };

/**
 * Checks the password with the server. Records of another account are wiped first (after the caller has
 * confirmed when some of them are unsynced); the same user signing in again keeps their local work.
 */
export async function signIn(
  username: string,
  password: string,
  options: { confirmedWipe?: boolean } = {},
): Promise<SignInResult> {
  let api: Awaited<ReturnType<typeof authApi>>;
  let db: Awaited<ReturnType<typeof local>>;
  try {
    [api, db] = await Promise.all([authApi(), local()]);
  } catch {
    // Only when the app's own code cannot be fetched: offline before the service worker held it.
    return { outcome: 'error', message: NEEDS_NETWORK_MESSAGE };
  }
  const parsed = api.loginRequestSchema.safeParse({ username, password });
  if (!parsed.success)
    return { outcome: 'error', message: parsed.error.issues[0]?.message ?? '请输入用户名和密码' };
  if (!navigator.onLine) return { outcome: 'error', message: NEEDS_NETWORK_MESSAGE };

  const owner = await db.dataOwner();
  const unsynced = await db.countUnsynced();
  const wouldErase = (differentOwner: boolean) => differentOwner && unsynced > 0 && !options.confirmedWipe;
  if (owner && wouldErase(owner.username !== parsed.data.username)) {
    return { outcome: 'confirmWipe', unsynced, ownerName: owner.displayName };
  }

  const device = await db.deviceId();
  let reply: LoginReply;
  try {
    reply = await api.requestLogin({ ...parsed.data, deviceId: device });
  } catch (error) {
    if (error instanceof ApiFailure) return { outcome: 'error', message: loginFailureMessage(error) };
    throw error;
  }
  if (owner && owner.userId !== reply.user.id) {
    // The username typed differed only in form (e.g. case): the server is the judge of who this is.
    if (wouldErase(true)) {
      revokeQuietly(reply.token);
      return { outcome: 'confirmWipe', unsynced, ownerName: owner.displayName };
    }
    await db.wipeLocalData();
  }
  // Ask early: the first sync may bring thousands of households.
  await import('../shell/storage').then((storage) => storage.requestPersistentStorage()).catch(() => false);
  setState({ status: 'choosingPin', login: reply, deviceId: device });
  return { outcome: 'ok' };
}

/** Sets the device PIN and stores the session; returns a zh-CN problem when the PIN is not acceptable. */
export async function choosePin(pin: string): Promise<string | null> {
  if (state.status !== 'choosingPin') return '请先使用用户名和密码登录';
  const problem = pinProblem(pin);
  if (problem) return problem;
  const { login, deviceId: device } = state;
  const db = await local();
  const previous = await db.readSession();
  await db.saveSession({
    token: login.token,
    expiresAt: login.expiresAt,
    user: login.user,
    deviceId: device,
    pin: await hashPin(pin),
    pinFailures: 0,
    createdAt: new Date().toISOString(),
  });
  if (previous && previous.token !== login.token) revokeQuietly(previous.token);
  setState({ status: 'unlocked', user: login.user, token: login.token, expiresAt: login.expiresAt });
  return null;
}

/** Gives up on the PIN step: the fresh token is revoked and the device returns to where it was. */
export async function cancelPinSetup(): Promise<void> {
  if (state.status === 'choosingPin') revokeQuietly(state.login.token);
  await initSession();
}

export type UnlockResult =
  | { outcome: 'ok' }
  | { outcome: 'wrong'; remaining: number }
  /** Too many wrong PINs (or no session at all): the password is needed online. */
  | { outcome: 'dropped' };

export async function unlock(pin: string): Promise<UnlockResult> {
  const db = await local();
  const session = await db.readSession();
  if (!session) {
    setState({ status: 'signedOut', notice: null });
    return { outcome: 'dropped' };
  }
  if (await verifyPin(pin, session.pin)) {
    await db.resetPinFailures();
    setState({ status: 'unlocked', user: session.user, token: session.token, expiresAt: session.expiresAt });
    void refreshUser(session.token);
    return { outcome: 'ok' };
  }
  const failures = await db.recordPinFailure();
  if (failures >= MAX_PIN_FAILURES) {
    await db.dropSession();
    revokeQuietly(session.token);
    setState({ status: 'signedOut', notice: PIN_LOCKOUT_MESSAGE });
    return { outcome: 'dropped' };
  }
  setState({ status: 'locked', user: session.user, failures });
  return { outcome: 'wrong', remaining: MAX_PIN_FAILURES - failures };
}

/**
 * With a network, asks the server who the token belongs to: a changed name or unit shows at once, and a
 * token the server no longer accepts sends the user to the password. Without one, the stored user stands.
 */
async function refreshUser(token: string): Promise<void> {
  if (!navigator.onLine) return;
  try {
    const user = await (await authApi()).requestWhoami(token);
    if (state.status !== 'unlocked' || state.token !== token) return;
    await (await local()).updateSessionUser(user);
    setState({ ...state, user });
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401 && currentToken() === token)
      await sessionRejected(error);
  }
}

/**
 * For API callers that got 401: the server no longer accepts the token (expired, or ended by an
 * administrator: account deactivated, password reset). The local records stay — nothing unsynced is
 * wiped — and the login screen says why; the password is needed online to continue syncing.
 */
export async function sessionRejected(failure?: ApiFailure): Promise<void> {
  await (await local()).dropSession();
  setState({ status: 'signedOut', notice: sessionRejectedNotice(failure?.code ?? null) });
}

/**
 * The password was changed on this device (POST /api/auth/password answered with the user): the stored
 * session carries the user without the must-change flag, so the app opens normally from now on.
 */
export async function passwordChanged(user: SessionUserInfo): Promise<void> {
  if (state.status !== 'unlocked' || state.user.id !== user.id) return;
  await (await local()).updateSessionUser(user);
  setState({ ...state, user });
}

/**
 * The server revoked this device and its local data has been deleted (client/sync/device-revoked.ts):
 * the login screen says why.
 */
export function deviceWiped(notice: string): void {
  setState({ status: 'signedOut', notice });
}

/** Unsynced changes that logging out would destroy (the caller warns with this count). */
export async function unsyncedBeforeLogout(): Promise<number> {
  return (await local()).countUnsynced();
}

/** Logs out: revokes the token when online and wipes every local table, so the next user sees nothing. */
export async function signOut(): Promise<void> {
  const db = await local();
  const session = await db.readSession();
  if (session && navigator.onLine)
    await authApi()
      .then((api) => api.requestLogout(session.token))
      .catch(() => undefined);
  await db.wipeLocalData();
  setState({ status: 'signedOut', notice: null });
}
