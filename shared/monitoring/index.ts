export * from './settings';
export * from './work-calendar';
export * from './loop-settings';
export * from './rules';
export * from './data-monitoring';
export * from './api';
export * from './records';
export * from './reminders';
