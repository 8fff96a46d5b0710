export * from './api';
export * from './household-ids';
export * from './records';
