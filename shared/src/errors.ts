/**
 * One error hierarchy for every Worker. `toErrorResponse` (http/app.ts) maps each to the envelope
 * `{ error: { code, message, details? } }` with its HTTP status. Messages are Vietnamese (user-facing);
 * codes are stable machine-readable identifiers.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message = 'Dữ liệu gửi lên không hợp lệ.', details?: unknown, code = 'VALIDATION_FAILED') {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Bạn cần đăng nhập để thực hiện thao tác này.', code = 'UNAUTHENTICATED') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này.', code = 'FORBIDDEN') {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Không tìm thấy nội dung yêu cầu.', code = 'NOT_FOUND', details?: unknown) {
    super(404, code, message, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'CONFLICT', details?: unknown) {
    super(409, code, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'Tệp gửi lên quá lớn.', code = 'PAYLOAD_TOO_LARGE', details?: unknown) {
    super(413, code, message, details);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Định dạng tệp không được hỗ trợ.', code = 'UNSUPPORTED_MEDIA_TYPE', details?: unknown) {
    super(415, code, message, details);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, code: string, details?: unknown) {
    super(422, code, message, details);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'Dịch vụ tạm thời không khả dụng, vui lòng thử lại sau.', code = 'SERVICE_UNAVAILABLE') {
    super(503, code, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút.',
    code = 'RATE_LIMITED',
  ) {
    super(429, code, message, { retryAfterSeconds });
  }
}
