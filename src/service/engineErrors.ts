import { InputError } from '../engine/errors.js';
import { ApiError } from './errors.js';

/** The engine's refusals as API errors: status and the request field they concern. */
export function fromEngineError(e: unknown, bodyField: 'html' | 'text'): ApiError | null {
  if (!(e instanceof InputError)) return null;
  switch (e.code) {
    case 'too_large':
      return new ApiError(413, 'too_large', e.message, bodyField);
    case 'binary':
      return new ApiError(400, 'binary', e.message, bodyField);
    case 'bad_url':
      return new ApiError(400, 'invalid_body', e.message, 'url');
    case 'unknown_profile':
      return new ApiError(400, 'unknown_profile', e.message, 'profile');
    default:
      return new ApiError(400, 'invalid_body', e.message);
  }
}
