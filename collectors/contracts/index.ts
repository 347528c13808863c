export * from './graph';
export * from './routes';
export * from './stream';
export * from './traces';
