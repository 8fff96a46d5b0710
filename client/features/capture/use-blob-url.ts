import { useEffect, useState } from 'react';
import { blobUrl } from '../../db/blobs';

/** `loading` until read; `missing` when this tablet does not hold the bytes (taken on another device). */
export type BlobUrlState = { status: 'loading' } | { status: 'missing' } | { status: 'ready'; url: string };

/**
 * An object URL for stored bytes, revoked when the sha changes or the component unmounts, so a long
 * visit with many photos does not keep every decoded picture alive.
 */
export function useBlobUrl(sha256: string): BlobUrlState {
  const [state, setState] = useState<{ sha256: string; value: BlobUrlState } | null>(null);
  useEffect(() => {
    let live = true;
    let url: string | null = null;
    blobUrl(sha256).then(
      (next) => {
        if (!live) {
          if (next) URL.revokeObjectURL(next);
          return;
        }
        url = next;
        setState({ sha256, value: next ? { status: 'ready', url: next } : { status: 'missing' } });
      },
      () => live && setState({ sha256, value: { status: 'missing' } }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [sha256]);
  return state?.sha256 === sha256 ? state.value : { status: 'loading' };
}
