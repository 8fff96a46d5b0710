import { useLiveQuery } from 'dexie-react-hooks';
import { uploadQueueSummary } from '../../db/upload-queue';
import { photoQueueText } from './upload-text';
import { useSyncState } from './use-sync-state';

/**
 * The second queue of the sync page: photos and signatures still to upload, with their bytes and, once a
 * speed is known, an estimate. Changes go before photos (docs/sync-protocol.md, section 13.3), so this
 * queue can be the only thing left after a sync the link cut short.
 */
export function UploadQueueStatus() {
  const state = useSyncState();
  const waiting = useLiveQuery(uploadQueueSummary, [], { files: 0, bytes: 0 });
  const uploading = state.running && state.phase === 'uploading';
  const files = uploading ? Math.max(0, state.upload.total - state.upload.done) : waiting.files;
  const bytes = uploading ? Math.max(0, state.uploadBytes.total - state.uploadBytes.done) : waiting.bytes;
  return (
    <div className="sync-card__photos" data-testid="sync-photos" data-files={files} data-bytes={bytes}>
      <p className="muted">{photoQueueText({ files, bytes, rate: state.uploadRate, uploading })}</p>
      {uploading && state.uploadBytes.total > 0 ? (
        <progress
          className="sync-card__bar"
          aria-label="照片上传进度"
          max={state.uploadBytes.total}
          value={state.uploadBytes.done}
        />
      ) : null}
    </div>
  );
}
