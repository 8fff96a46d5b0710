import { describe, expect, it } from 'vitest';
import { estimateSeconds, formatBytes, formatDuration, photoQueueText } from './upload-text';

describe('the photo queue in words', () => {
  it('writes sizes in B, KB and MB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(350 * 1024)).toBe('350 KB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
    expect(formatBytes(42 * 1024 * 1024)).toBe('42 MB');
  });

  it('rounds estimates to minutes and hours', () => {
    expect(formatDuration(4)).toBe('不到 10 秒');
    expect(formatDuration(46)).toBe('约 50 秒');
    expect(formatDuration(58)).toBe('约 1 分钟');
    expect(formatDuration(150)).toBe('约 3 分钟');
    expect(formatDuration(3600)).toBe('约 1 小时');
    expect(formatDuration(4800)).toBe('约 1 小时 20 分钟');
  });

  it('estimates only with a known rate', () => {
    expect(estimateSeconds(400_000, null)).toBeNull();
    expect(estimateSeconds(400_000, 0)).toBeNull();
    expect(estimateSeconds(400_000, 40_000)).toBe(10);
  });

  it('says what is left, its size and how long it takes', () => {
    expect(photoQueueText({ files: 0, bytes: 0, rate: null, uploading: false })).toBe('照片都已上传');
    expect(photoQueueText({ files: 6, bytes: 1.8 * 1024 * 1024, rate: null, uploading: false })).toBe(
      '还有 6 张照片等待上传（1.8 MB），修改会先于照片同步',
    );
    expect(photoQueueText({ files: 6, bytes: 1.8 * 1024 * 1024, rate: 20 * 1024, uploading: true })).toBe(
      '正在上传照片：还剩 6 张，1.8 MB，按当前网速约 2 分钟',
    );
  });
});
