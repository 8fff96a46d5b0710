import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { goToAnchor } from './section-nav';

/**
 * Opens the form at the field named in the address's hash (`/visits/v1#member-m1-birthDate`), as the sync
 * page's "打开走访表修改该项" link does for a refused change. Members' fields appear once their rows have
 * rendered, so it looks again on the next frames, for a short while.
 */
export function useHashFocus(): void {
  const { hash } = useLocation();
  useEffect(() => {
    const anchor = decodeURIComponent(hash.replace(/^#/, ''));
    if (!anchor) return;
    let frame = 0;
    let tries = 0;
    const attempt = () => {
      if (document.getElementById(anchor)) {
        goToAnchor(anchor);
        return;
      }
      if (++tries < 60) frame = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(frame);
  }, [hash]);
}
