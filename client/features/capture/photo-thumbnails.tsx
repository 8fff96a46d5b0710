import { useState } from 'react';
import { ConfirmDialog } from '../../shell/confirm-dialog';
import { useBlobUrl } from './use-blob-url';

interface PhotoThumbnailsProps {
  shas: readonly string[];
  /** What the photos show, for accessible names ("劳动合同"). */
  subject: string;
  readOnly?: boolean;
  onRemove?(sha256: string): void;
}

function Thumbnail(props: { sha256: string; alt: string; onOpen(url: string): void }) {
  const state = useBlobUrl(props.sha256);
  if (state.status === 'ready') {
    return (
      <button type="button" className="thumb__open" onClick={() => props.onOpen(state.url)}>
        <img className="thumb__image" src={state.url} alt={props.alt} />
      </button>
    );
  }
  return (
    <span className="thumb__placeholder" role="img" aria-label={props.alt}>
      {state.status === 'loading' ? '读取中…' : '照片不在本机'}
    </span>
  );
}

/** Small previews of stored photos; a tap shows one large, and each can be removed after a question. */
export function PhotoThumbnails({ shas, subject, readOnly = false, onRemove }: PhotoThumbnailsProps) {
  const [viewing, setViewing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ sha256: string; index: number } | null>(null);
  if (shas.length === 0) return null;
  return (
    <>
      <ul className="thumbs" aria-label={`${subject}的照片`}>
        {shas.map((sha256, index) => (
          <li key={sha256} className="thumb">
            <Thumbnail sha256={sha256} alt={`${subject}照片${index + 1}`} onOpen={setViewing} />
            {readOnly || !onRemove ? null : (
              <button
                type="button"
                className="thumb__remove"
                aria-label={`删除${subject}照片${index + 1}`}
                onClick={() => setRemoving({ sha256, index })}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {viewing ? (
        <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={`${subject}照片`}>
          <img className="photo-viewer__image" src={viewing} alt={`${subject}照片（大图）`} />
          <button type="button" className="button button--primary-light" onClick={() => setViewing(null)}>
            关闭
          </button>
        </div>
      ) : null}
      {removing && onRemove ? (
        <ConfirmDialog
          title="删除照片"
          message={`确定删除${subject}的第 ${removing.index + 1} 张照片吗？`}
          confirmLabel="删除"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            onRemove(removing.sha256);
            setRemoving(null);
          }}
        />
      ) : null}
    </>
  );
}
