/**
 * The photo queue in words (zh-CN): how many photos are left, their size, and how long they should take
 * at the speed the last uploads went.
 */

/** Bytes as a worker reads them: 0 B, 850 KB, 1.2 MB (1 KB = 1,024 bytes, as the tablet counts). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** An estimate rounded the way an estimate should be: 约 50 秒, 约 3 分钟, 约 1 小时 20 分钟. */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return '不到 10 秒';
  if (seconds < 55) return `约 ${Math.round(seconds / 10) * 10} 秒`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `约 ${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `约 ${hours} 小时` : `约 ${hours} 小时 ${rest} 分钟`;
}

/** Seconds to send `bytes` at `rate` bytes per second; null when no rate is known yet. */
export function estimateSeconds(bytes: number, rate: number | null): number | null {
  if (rate === null || !(rate > 0)) return null;
  return bytes / rate;
}

export interface PhotoQueue {
  /** Files left to upload. */
  files: number;
  /** Their bytes not on the server yet. */
  bytes: number;
  /** Bytes per second of the last uploads, when known. */
  rate: number | null;
  /** An upload is running now. */
  uploading: boolean;
}

/** One line about the photos: what is left, its size and, with a known speed, about how long. */
export function photoQueueText(queue: PhotoQueue): string {
  if (queue.files <= 0) return '照片都已上传';
  const seconds = estimateSeconds(queue.bytes, queue.rate);
  const eta = seconds === null ? '' : `，按当前网速${formatDuration(seconds)}`;
  const size = formatBytes(queue.bytes);
  return queue.uploading
    ? `正在上传照片：还剩 ${queue.files} 张，${size}${eta}`
    : `还有 ${queue.files} 张照片等待上传（${size}${eta}），修改会先于照片同步`;
}
