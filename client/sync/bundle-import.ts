import { ApiFailure } from '../api/http';
import { postBundle, type BundleImportReply } from './transport';

export type { BundleImportReply };

/** A zh-CN reason an import failed (damaged, tampered, out of scope, offline…); nothing was applied. */
export class BundleImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleImportError';
  }
}

/**
 * Uploads a bundle file brought from an offline tablet. The server checks it whole before applying
 * anything and answers what happened to each change.
 */
export async function importBundle(token: string, file: Blob): Promise<BundleImportReply> {
  try {
    return await postBundle(token, file);
  } catch (error) {
    if (error instanceof ApiFailure) {
      if (error.kind === 'network') throw new BundleImportError('无法连接服务器：导入同步文件需要联网');
      if (error.kind === 'reply') throw new BundleImportError('服务器的回复格式不正确，请稍后再试');
      throw new BundleImportError(error.message);
    }
    throw error;
  }
}
