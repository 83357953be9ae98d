/** Input the engine refuses, with a stable code (CLI, HTTP 4xx) and a message that says what to fix. */
export class InputError extends Error {
  constructor(
    readonly code: 'too_large' | 'binary' | 'bad_url' | 'unknown_profile' | 'bad_input',
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
