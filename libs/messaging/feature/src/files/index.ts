export {
  CONVERSATION_ACCESS,
  noConversationAccess,
  type ConversationAccess,
} from './conversation-access';
export { FileActions, type NewUpload } from './file.actions';
export { filesConfigShape, filesOptionsOf, type FilesConfig } from './files-config';
export { FILE_STORAGE, FILES_OPTIONS, type FilesOptions } from './files-options';
export {
  FilesModule,
  storageOf,
  type ConversationAccessBinding,
  type FilesModuleOptions,
} from './files.module';
export { registerFileUploads } from './file-uploads';
export { membershipConversationAccess } from './membership-access';
