export * from './contacts';
export * from './crm-outbox';
export * from './enrollments';
export * from './installations';
export * from './sends';
export * from './sequences';
export * from './templates';
