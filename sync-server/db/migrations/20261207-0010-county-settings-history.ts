import type { Migration } from './index';

/**
 * County settings with their whole history (docs/administration.md, 县级参数设置). `county_settings` kept
 * one row per (county, key, effective date), so correcting a value replaced the earlier one and lost who
 * set it. Each write is now its own row (`id`, in the order written); for one key and date the latest row
 * is the value, the earlier ones stay as history. The 低保 standards that lived in the code's demo
 * configuration (谯城区 850 元, 涡阳县 800 元 from 2026-01-01) are carried into the table for those demo
 * counties when they exist and have none stored, so a running demo keeps its standard.
 */
export const countySettingsHistory: Migration = {
  id: '20261207-0010-county-settings-history',
  sql: `
CREATE TABLE county_settings_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  county_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value_json TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  set_by TEXT,
  set_by_name TEXT,
  set_at TEXT NOT NULL
);
INSERT INTO county_settings_history (county_id, key, value_json, effective_from, set_by, set_by_name, set_at)
SELECT county_id, key, value_json, effective_from, set_by, set_by_name, set_at
  FROM county_settings ORDER BY set_at, county_id, key, effective_from;
DROP TABLE county_settings;
ALTER TABLE county_settings_history RENAME TO county_settings;
CREATE INDEX county_settings_county ON county_settings(county_id, id);

INSERT INTO county_settings (county_id, key, value_json, effective_from, set_by, set_by_name, set_at)
SELECT u.id, 'dibaoMonthlyFen', demo.fen, '2026-01-01', NULL, '系统（原演示配置）',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT '341602' AS id, '85000' AS fen UNION ALL SELECT '341621', '80000') AS demo
  JOIN units u ON u.id = demo.id AND u.level = 'county'
 WHERE NOT EXISTS (SELECT 1 FROM county_settings s WHERE s.county_id = u.id AND s.key = 'dibaoMonthlyFen');
`,
};
