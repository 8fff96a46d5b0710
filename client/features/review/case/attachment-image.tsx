import { useEffect, useState } from 'react';
import { attachmentObjectUrl, failureMessage } from '../api/review-api';

type ImageState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; url: string };

/**
 * An attachment fetched with the bearer token and shown from an object URL, revoked when it leaves the
 * screen. Mounted only after the reviewer asked to see it, so a case with many photos costs nothing until
 * then.
 */
export function useAttachmentUrl(sha256: string): ImageState {
  const [state, setState] = useState<{ sha256: string; value: ImageState } | null>(null);
  useEffect(() => {
    let live = true;
    let url: string | null = null;
    attachmentObjectUrl(sha256).then(
      (next) => {
        if (!live) {
          URL.revokeObjectURL(next);
          return;
        }
        url = next;
        setState({ sha256, value: { status: 'ready', url: next } });
      },
      (error: unknown) =>
        live && setState({ sha256, value: { status: 'failed', message: failureMessage(error) } }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [sha256]);
  return state?.sha256 === sha256 ? state.value : { status: 'loading' };
}

/** A thumbnail that opens the full picture; PDFs open in a new tab instead. */
export function AttachmentThumb(props: { sha256: string; mimeType: string; alt: string }) {
  const state = useAttachmentUrl(props.sha256);
  const [large, setLarge] = useState(false);
  if (state.status === 'loading')
    return <span className="review-thumb review-thumb--placeholder">读取中…</span>;
  if (state.status === 'failed') {
    return (
      <span className="review-thumb review-thumb--placeholder" role="img" aria-label={props.alt}>
        {state.message}
      </span>
    );
  }
  if (!props.mimeType.startsWith('image/')) {
    return (
      <a className="button" href={state.url} target="_blank" rel="noopener noreferrer">
        打开 {props.alt}
      </a>
    );
  }
  return (
    <>
      <button type="button" className="review-thumb" onClick={() => setLarge(true)}>
        <img className="review-thumb__image" src={state.url} alt={props.alt} />
      </button>
      {large ? (
        <div className="review-viewer" role="dialog" aria-modal="true" aria-label={props.alt}>
          <img className="review-viewer__image" src={state.url} alt={`${props.alt}（大图）`} />
          <button type="button" className="button button--primary-light" onClick={() => setLarge(false)}>
            关闭
          </button>
        </div>
      ) : null}
    </>
  );
}
