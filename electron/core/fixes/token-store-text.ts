import type { Message } from '../../../shared/messages';
import { msg } from './fix-text';
import type { TokenStore } from './token-file';

/** Where a token fix keeps the new token, in words: the file's path, the app's store, or the file still to give. */
export const storeText = (store: TokenStore | undefined): Message | string => (store ? (store.labelText ?? store.label) : msg('token.fileDefault'));

/** How to resume after a failure past the token's creation: the store's own way, or the CLI's --resume. */
export const resumeText = (store: TokenStore | undefined): Message => store?.resumeHow ?? msg('token.resumeCli', { file: store?.label ?? 'FILE' });
