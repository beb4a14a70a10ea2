package dev.vigil.app.http;

/** An API refusal with its HTTP status and a message safe to show (never post content). */
final class ApiError extends RuntimeException {
  final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
