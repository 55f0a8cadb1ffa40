export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  archive_choice_required: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  event_id_conflict: 409,
  contact_not_found: 404,
  unprocessable: 422,
  contact_suppressed: 422,
  sequence_not_published: 422,
  invalid_transition: 409,
  sequence_archived: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The one error type the HTTP layer maps to a status; `onError` renders it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; requestId: string; details?: unknown } };

/** The JSON error answer for an AppError (also used where `onError` is not in the path). */
export function errorResponse(error: AppError, requestId: string): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
  if (error.details !== undefined) body.error.details = error.details;
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { 'content-type': 'application/json' },
  });
}
