import { useBlobUrl } from './use-blob-url';

/** A stored signature as a small picture (or a note when this tablet does not hold it). */
export function SignatureImage({ sha256, alt }: { sha256: string; alt: string }) {
  const state = useBlobUrl(sha256);
  if (state.status === 'ready') return <img className="signature-image" src={state.url} alt={alt} />;
  return (
    <span className="signature-image signature-image--placeholder" role="img" aria-label={alt}>
      {state.status === 'loading' ? '读取中…' : '签名图片不在本机'}
    </span>
  );
}
