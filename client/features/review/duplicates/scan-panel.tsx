import { useState } from 'react';
import { scanForDuplicates } from '../api/identity-api';
import { failureMessage } from '../api/review-api';
import { scanSummary } from './finding-model';

/** 扫描已有档案中的重复: one pass of the server over the stored files (city staff and the administrator). */
export function ScanPanel({ onScanned }: { onScanned?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const scan = async () => {
    setBusy(true);
    setResult(null);
    try {
      const reply = await scanForDuplicates();
      setResult({ ok: true, text: scanSummary(reply) });
      onScanned?.();
    } catch (failure) {
      setResult({ ok: false, text: failureMessage(failure) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dup-scan">
      <button type="button" className="button" disabled={busy} onClick={() => void scan()}>
        {busy ? '正在扫描…' : '扫描已有档案中的重复'}
      </button>
      {result ? (
        <p className={result.ok ? 'dup-scan__result' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      ) : null}
    </div>
  );
}
