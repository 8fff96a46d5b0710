import { useEffect, useRef, useState } from 'react';
import type { Gps } from '../../../shared/domain/visit';
import { formatDateTime } from '../../shell/format';
import {
  GEOLOCATION_ERRORS,
  GPS_MAX_AGE_MS,
  GPS_TIMEOUT_MS,
  formatAccuracy,
  formatCoordinates,
  geolocationErrorMessage,
  gpsFromPosition,
} from './gps-model';
import './capture.css';

export interface GpsFieldProps {
  value: Gps | null | undefined;
  onChange(gps: Gps | null): void;
  readOnly?: boolean;
}

/** Where the visit took place, when the tablet can tell; a failure is explained and never blocks the form. */
export function GpsField({ value, onChange, readOnly = false }: GpsFieldProps) {
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  // Each request has a number; an answer to an older (abandoned) request is ignored.
  const attempt = useRef(0);
  const locate = () => {
    setError(null);
    if (!('geolocation' in navigator)) {
      setError(geolocationErrorMessage(null));
      return;
    }
    const id = ++attempt.current;
    const current = () => live.current && attempt.current === id;
    setLocating(true);
    // The browser's own timeout starts only after the permission question is answered; this one does not.
    const watchdog = window.setTimeout(() => {
      if (!current()) return;
      attempt.current++;
      setLocating(false);
      setError(geolocationErrorMessage(GEOLOCATION_ERRORS.timeout));
    }, GPS_TIMEOUT_MS + 5_000);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        window.clearTimeout(watchdog);
        if (!current()) return;
        setLocating(false);
        onChange(gpsFromPosition(position));
      },
      (failure) => {
        window.clearTimeout(watchdog);
        if (!current()) return;
        setLocating(false);
        setError(geolocationErrorMessage(failure.code));
      },
      { enableHighAccuracy: true, timeout: GPS_TIMEOUT_MS, maximumAge: GPS_MAX_AGE_MS },
    );
  };

  return (
    <div className="gps-field" role="group" aria-label="GPS 定位">
      <span className="field__label">GPS 定位</span>
      {value ? (
        <dl className="gps-field__facts" data-testid="gps-value">
          <dt>位置</dt>
          <dd>{formatCoordinates(value)}</dd>
          <dt>精度</dt>
          <dd>约 {formatAccuracy(value.accuracyM)}</dd>
          <dt>定位时间</dt>
          <dd>{formatDateTime(value.at)}</dd>
        </dl>
      ) : (
        <p className="muted">{readOnly ? '未记录定位' : '尚未定位'}</p>
      )}
      {readOnly ? null : (
        <div className="gps-field__actions">
          <button type="button" className="button" onClick={locate} disabled={locating}>
            {locating ? '正在定位…' : value ? '重新定位' : '获取定位'}
          </button>
          {value && !locating ? (
            <button type="button" className="button" onClick={() => onChange(null)}>
              清除定位
            </button>
          ) : null}
        </div>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
