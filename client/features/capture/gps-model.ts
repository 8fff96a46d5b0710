import type { Gps } from '../../../shared/domain/visit';

/** How long to wait for a fix: long enough for a cold GPS start outdoors, short enough to give up indoors. */
export const GPS_TIMEOUT_MS = 30_000;
/** A fix up to this old is good enough: the worker is still at the same door. */
export const GPS_MAX_AGE_MS = 60_000;

/** GeolocationPositionError codes (the DOM constants, repeated so this module stays testable in Node). */
export const GEOLOCATION_ERRORS = { permissionDenied: 1, positionUnavailable: 2, timeout: 3 } as const;

/** The stored position: 6 decimals (about 0.1 m) and accuracy in whole decimetres are all a visit needs. */
export function gpsFromPosition(position: {
  coords: { latitude: number; longitude: number; accuracy: number };
  timestamp: number;
}): Gps {
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  return {
    lat: round(position.coords.latitude, 6),
    lng: round(position.coords.longitude, 6),
    accuracyM: Math.max(0, round(position.coords.accuracy, 1)),
    at: new Date(position.timestamp).toISOString(),
  };
}

/** What to tell the worker when no position came; the form is saved without it either way. */
export function geolocationErrorMessage(code: number | null): string {
  switch (code) {
    case GEOLOCATION_ERRORS.permissionDenied:
      return '未获得定位权限。可在浏览器或系统设置中允许本应用使用位置信息；不定位也可以保存表单。';
    case GEOLOCATION_ERRORS.positionUnavailable:
      return '暂时无法获取位置（可能在室内或信号弱），可到窗边或室外重试；不定位也可以保存表单。';
    case GEOLOCATION_ERRORS.timeout:
      return '定位超时，请稍后重试；不定位也可以保存表单。';
    default:
      return '本设备不支持定位；不定位也可以保存表单。';
  }
}

/** "东经 115.781234°，北纬 33.844567°" as a zh-CN reader expects it. */
export function formatCoordinates(gps: Pick<Gps, 'lat' | 'lng'>): string {
  const lng = `${gps.lng >= 0 ? '东经' : '西经'} ${Math.abs(gps.lng).toFixed(6)}°`;
  const lat = `${gps.lat >= 0 ? '北纬' : '南纬'} ${Math.abs(gps.lat).toFixed(6)}°`;
  return `${lng}，${lat}`;
}

export function formatAccuracy(accuracyM: number): string {
  return accuracyM < 10 ? `${accuracyM.toFixed(1)} 米` : `${Math.round(accuracyM)} 米`;
}
