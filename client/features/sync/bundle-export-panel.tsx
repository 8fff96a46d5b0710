import { useState } from 'react';
import { useCurrentUser } from '../../auth/use-session';
import { BundleExportError, exportBundle } from '../../sync/bundle-export';
import { count } from './sync-text';

/** Saves a Blob as a download with the given name. */
function download(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start reading the file before the URL goes.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/**
 * "导出同步文件": for a tablet with no network at all. The file carries every waiting change and the photos
 * they need, as many as fit under 50 MB (the rest are named and wait for an online sync); the changes
 * also stay on the tablet and sync normally once it is online again.
 */
export function BundleExportPanel() {
  const user = useCurrentUser();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const bundle = await exportBundle(user);
      download(bundle.file, bundle.fileName);
      const leftOut =
        bundle.leftOutCount > 0
          ? `另有 ${count(bundle.leftOutCount)} 个附件（约 ${megabytes(bundle.leftOutBytes)} MB）超出文件 50 MB 的上限，没有放入文件，仍保存在本机，联网同步时会自动上传。`
          : '';
      setMessage({
        ok: true,
        text: `已导出 ${bundle.fileName}：${count(bundle.changeCount)} 条修改，${count(bundle.attachmentCount)} 个附件。${leftOut}请把文件交给乡镇（街道）工会导入；这些修改仍保留在本机，联网后也会正常同步，不会重复。`,
      });
    } catch (error) {
      const text =
        error instanceof BundleExportError
          ? error.message
          : `导出失败：${error instanceof Error ? error.message : String(error)}`;
      setMessage({ ok: false, text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="bundle-export-title">
      <h2 id="bundle-export-title" className="card__title">
        没有网络时：导出同步文件
      </h2>
      <p className="muted">
        把本机所有未同步的修改和照片保存为一个文件（带校验和签名，最大 50
        MB），由乡镇（街道）工会在联网的设备上导入。照片放不下时先放入修改，其余照片留在本机，联网同步时上传。
      </p>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void run()} disabled={busy}>
          {busy ? '正在导出…' : '导出同步文件'}
        </button>
      </div>
      {message ? (
        <p
          className={message.ok ? 'notice' : 'form-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="bundle-export-result"
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
