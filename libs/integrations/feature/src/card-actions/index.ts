export * from './card-actions.controller';
export * from './card-actions.service';
export * from './ports';
