import {
  loginReplySchema,
  whoamiReplySchema,
  type LoginReply,
  type LoginRequest,
  type SessionUserInfo,
} from '../../shared/auth';
import { apiJson, apiSend } from '../api/http';

// For the login's own check of what was typed (client/auth/session-store.ts loads this module lazily).
export { loginRequestSchema } from '../../shared/auth';

export async function requestLogin(request: LoginRequest): Promise<LoginReply> {
  return apiJson('/api/auth/login', loginReplySchema, { method: 'POST', body: request });
}

/** Revokes the token on the server. */
export async function requestLogout(token: string): Promise<void> {
  await apiSend('/api/auth/logout', { method: 'POST', token, timeoutMs: 5_000 });
}

export async function requestWhoami(token: string): Promise<SessionUserInfo> {
  return (await apiJson('/api/auth/whoami', whoamiReplySchema, { token })).user;
}
