import { LEDGER_LABELS, ledgerUrl, type LedgerKind } from '../../../../shared/ledgers/api';
import { fetchFile } from '../api/review-api';

/** The file name from `Content-Disposition` (`filename*=UTF-8''…` first), else the ledger's name. */
export function fileNameOf(disposition: string | null, kind: LedgerKind): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1];
  return plain ?? `${LEDGER_LABELS[kind]}.xlsx`;
}

/**
 * Downloads a ledger built by the server (GET /api/ledgers/<kind>.xlsx with the screen's filters) and hands
 * it to the browser as a file. Returns the number of rows the server wrote.
 */
export async function downloadLedger(
  kind: LedgerKind,
  filters: Record<string, string | number | null | undefined>,
): Promise<number> {
  const response = await fetchFile(ledgerUrl(kind, filters));
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileNameOf(response.headers.get('content-disposition'), kind);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has handed the blob to the download; revoke on the next turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return Number(response.headers.get('x-ledger-rows') ?? 0);
}
