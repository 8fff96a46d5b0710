import { useState } from 'react';
import { LEDGER_LABELS, LEDGER_ROLES, type LedgerKind } from '../../../../shared/ledgers/api';
import { useCurrentUser } from '../../../auth/use-session';
import { failureMessage } from '../api/review-api';
import { downloadLedger } from './ledger-download';

/**
 * 台账导出: a button that downloads one ledger as xlsx with the screen's filters, shown only to roles that
 * may export it. Lives on office screens only (their chunks are lazy), never on the tablet's first load.
 */
export function LedgerExportButton(props: {
  kind: LedgerKind;
  filters: Record<string, string | number | null | undefined>;
  label?: string;
}) {
  const user = useCurrentUser();
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({
    busy: false,
    message: null,
    failed: false,
  });
  if (!LEDGER_ROLES[props.kind].includes(user.role)) return null;

  const run = async () => {
    setState({ busy: true, message: null, failed: false });
    try {
      const rows = await downloadLedger(props.kind, props.filters);
      setState({ busy: false, message: `已导出${LEDGER_LABELS[props.kind]}，共${rows}行`, failed: false });
    } catch (error) {
      setState({ busy: false, message: failureMessage(error), failed: true });
    }
  };

  return (
    <span className="ledger-export">
      <button
        type="button"
        className="button"
        disabled={state.busy}
        data-testid={`ledger-export-${props.kind}`}
        onClick={() => void run()}
      >
        {state.busy ? '正在生成…' : (props.label ?? `导出${LEDGER_LABELS[props.kind]}`)}
      </button>
      {state.message ? (
        <span role={state.failed ? 'alert' : 'status'} className={state.failed ? 'form-error' : 'muted'}>
          {state.message}
        </span>
      ) : null}
    </span>
  );
}
