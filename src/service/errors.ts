/**
 * Every error the API returns is `{error: {code, message}}` (plus `field` for invalid input and the
 * request id). Codes are stable strings clients can branch on; messages say what to fix.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

export function errorBody(code: string, message: string, field?: string, requestId?: string): ErrorBody {
  const error: ErrorBody['error'] = { code, message };
  if (field !== undefined) error.field = field;
  if (requestId !== undefined) error.requestId = requestId;
  return { error };
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
