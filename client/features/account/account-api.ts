import { whoamiReplySchema, type SessionUserInfo } from '../../../shared/auth';
import { post } from '../review/api/review-api';

/** POST /api/auth/password: the signed-in user's new password; the reply is the user, flag cleared. */
export async function changeOwnPassword(
  currentPassword: string,
  newPassword: string,
): Promise<SessionUserInfo> {
  return (await post('/api/auth/password', whoamiReplySchema, { currentPassword, newPassword })).user;
}
