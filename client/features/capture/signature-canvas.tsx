import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import SignaturePad from 'signature_pad';

export interface SignatureCanvasHandle {
  isEmpty(): boolean;
  clear(): void;
  /** The drawing as a PNG on white, or null when nothing was drawn. */
  toPng(): Promise<Blob | null>;
}

interface SignatureCanvasProps {
  /** Accessible name of the drawing area, e.g. "张三的签名区". */
  label: string;
  ref?: Ref<SignatureCanvasHandle>;
  /** Called when the first stroke is drawn or the pad is cleared. */
  onEmptyChange?(empty: boolean): void;
}

/**
 * A signature pad (signature_pad 5) sized to its box at the device's pixel ratio, so strokes stay sharp
 * on a tablet; a rotation keeps what was drawn.
 */
export function SignatureCanvas({ label, ref, onEmptyChange }: SignatureCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const emptyChange = useRef(onEmptyChange);
  useEffect(() => {
    emptyChange.current = onEmptyChange;
  }, [onEmptyChange]);
  const [empty, setEmpty] = useState(true);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const pad = new SignaturePad(canvas, {
      backgroundColor: 'rgb(255, 255, 255)',
      penColor: 'rgb(20, 20, 60)',
      minWidth: 1,
      maxWidth: 3,
    });
    padRef.current = pad;
    const report = (next: boolean) => {
      setEmpty(next);
      emptyChange.current?.(next);
    };
    const onEnd = () => report(pad.isEmpty());
    pad.addEventListener('endStroke', onEnd);

    const resize = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const width = Math.round(canvas.offsetWidth * ratio);
      const height = Math.round(canvas.offsetHeight * ratio);
      if (width === 0 || height === 0 || (canvas.width === width && canvas.height === height)) return;
      const strokes = pad.toData();
      canvas.width = width;
      canvas.height = height;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      if (strokes.length > 0) pad.fromData(strokes);
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      pad.removeEventListener('endStroke', onEnd);
      pad.off();
      padRef.current = null;
    };
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      isEmpty: () => padRef.current?.isEmpty() ?? true,
      clear: () => {
        padRef.current?.clear();
        setEmpty(true);
        emptyChange.current?.(true);
      },
      toPng: () =>
        new Promise<Blob | null>((resolve) => {
          const canvas = canvasRef.current;
          if (!canvas || !padRef.current || padRef.current.isEmpty()) return resolve(null);
          canvas.toBlob((blob) => resolve(blob), 'image/png');
        }),
    }),
    [],
  );

  return (
    <div className="signature-canvas">
      <canvas ref={canvasRef} className="signature-canvas__surface" role="img" aria-label={label} />
      {empty ? <span className="signature-canvas__hint">请在此处签名</span> : null}
    </div>
  );
}
