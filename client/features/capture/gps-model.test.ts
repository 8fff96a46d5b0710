import { describe, expect, it } from 'vitest';
import { gpsSchema } from '../../../shared/domain/visit';
import {
  GEOLOCATION_ERRORS,
  formatAccuracy,
  formatCoordinates,
  geolocationErrorMessage,
  gpsFromPosition,
} from './gps-model';

describe('GPS position', () => {
  it('keeps a position the visit schema accepts', () => {
    const gps = gpsFromPosition({
      coords: { latitude: 33.8446123456, longitude: 115.7789876543, accuracy: 12.345 },
      timestamp: Date.UTC(2026, 2, 10, 2, 30),
    });
    expect(gps).toEqual({ lat: 33.844612, lng: 115.778988, accuracyM: 12.3, at: '2026-03-10T02:30:00.000Z' });
    expect(gpsSchema.safeParse(gps).success).toBe(true);
  });

  it('writes coordinates and accuracy as a Chinese reader expects', () => {
    expect(formatCoordinates({ lat: 33.844612, lng: 115.778988 })).toBe('东经 115.778988°，北纬 33.844612°');
    expect(formatAccuracy(8.25)).toBe('8.3 米');
    expect(formatAccuracy(35.4)).toBe('35 米');
  });

  it('explains each failure and says the form still saves', () => {
    const messages = [
      geolocationErrorMessage(GEOLOCATION_ERRORS.permissionDenied),
      geolocationErrorMessage(GEOLOCATION_ERRORS.positionUnavailable),
      geolocationErrorMessage(GEOLOCATION_ERRORS.timeout),
      geolocationErrorMessage(null),
    ];
    expect(messages[0]).toContain('未获得定位权限');
    expect(messages[1]).toContain('暂时无法获取位置');
    expect(messages[2]).toContain('定位超时');
    expect(messages[3]).toContain('不支持定位');
    for (const message of messages) expect(message).toContain('不定位也可以保存表单');
  });
});
